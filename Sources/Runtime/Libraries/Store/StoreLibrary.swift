import Check
import Data
import Foundation
import IR
import LatheCore
import ML
import Store
import VM

extension NativeLibrary {
    /// The registry and run tracking a script names every day: global.
    static let store = NativeLibrary(
        name: "store", doc: "the model registry and experiment runs in .lathe/lathe.db", builtins: Builtins.store)

    /// The registry's administration, behind `import "std/store"`.
    static let storeModule = NativeLibrary(
        name: "store admin", doc: "versions, alias history, deleting, run details",
        module: "std/store", source: "# std/store — the natives are in Sources/Runtime/Libraries/Store/.\n",
        builtins: Builtins.storeModule)
}

extension Builtins {
    /// The workspace context of the running program; every store builtin needs one.
    static func workspace(_ args: Arguments) throws -> WorkspaceContext {
        guard let context = WorkspaceContext.of(args.vm) else {
            throw RuntimeError.wrapping(StoreError.noWorkspace(start: FileManager.default.currentDirectoryPath))
        }
        return context
    }

    /// The store for reading: nil when the workspace has none yet (nothing registered).
    static func existingStore(_ args: Arguments) throws -> Store? {
        try library { try workspace(args).existingStore() }
    }

    static func writableStore(_ args: Arguments) throws -> Store {
        try library { try workspace(args).openStore() }
    }

    /// `metrics:` of register: a report's metrics or a record of numbers.
    static func metricList(_ args: Arguments, _ name: String) throws -> [(name: String, value: Double)] {
        let value = try args[name]
        if case .null = value.decoded { return [] }
        if let report = value.handle as? ReportObject { return report.report.metrics.map { ($0.name, $0.value) } }
        let record = try args.record(name)
        return try zip(record.keys, record.values).map { key, value in
            guard case .number(let number) = value.decoded else {
                throw RuntimeError("\(name): '\(args.vm.symbols.name(key))' must be a number, found \(value.typeName)")
            }
            return (args.vm.symbols.name(key), number)
        }
    }

    /// `tags:` of register: a record whose values become text.
    static func tagList(_ args: Arguments, _ name: String) throws -> [(name: String, value: String)] {
        if try args.isNull(name) { return [] }
        let record = try args.record(name)
        return try zip(record.keys, record.values).map { key, value in
            (args.vm.symbols.name(key), RunRecording.text(try Scalar(value, name: name)))
        }
    }

    static func loadModel(_ store: Store, _ record: ModelVersionRecord) throws -> ModelObject {
        let bytes = try library { try store.artifactBytes(record) }
        let model = try library { try ModelCodec.load(bytes, path: record.reference, registry: EstimatorRegistry.all) }
        return ModelObject(model, registration: record)
    }

    static func time(_ seconds: Double?) -> String? {
        guard let seconds else { return nil }
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: Date(timeIntervalSince1970: seconds.rounded(.down)))
    }

    static func frame(_ columns: [Column]) throws -> Value {
        .object(DatasetObject(try library { try Frame(columns: columns) }, target: nil))
    }

    static let store: [Builtin] = [
        Builtin(BuiltinSignature(
            "register", [
                BuiltinParameter("model", types: [.model]), BuiltinParameter("name", types: [.string]),
                BuiltinParameter("metrics", default: .null, types: [.record, .report, .null], doc: "a report or {name: number}"),
                BuiltinParameter("tags", default: .null, types: [.record, .null]),
                BuiltinParameter("reference_rows", default: .number(100_000), types: [.number],
                                 doc: "rows of the training data kept for monitor (0: none)"),
            ], effect: .io, returns: .record,
            doc: "store the model as the next version of name (1, 2, …) with its lineage; returns {name, version}")) { args in
            guard let object = try args["model"].handle as? ModelObject else {
                throw args.mismatch("model", expected: "a trained model (from train)")
            }
            let name = try args.string("name")
            let limit = try args.integer("reference_rows")
            guard limit >= 0 else { throw RuntimeError("register(reference_rows:) must be 0 or more, found \(limit)") }
            let store = try writableStore(args)
            let reference = try ModelMetadata.referenceSample(object, limit: limit, store: store)
            let registration = try ModelMetadata.registration(
                object, metrics: try metricList(args, "metrics"), tags: try tagList(args, "tags"), reference: reference)
            let version = try library { try store.register(name: name, registration) }
            object.registration = version
            return record(["name": .string(version.name), "version": .number(Double(version.version))], symbols: args.vm.symbols)
        },
        Builtin(BuiltinSignature(
            "alias", [
                BuiltinParameter("name", types: [.string]), BuiltinParameter("version", types: [.number]),
                BuiltinParameter("alias", types: [.string]),
            ], effect: .io, returns: .null,
            doc: "point alias (e.g. \"production\") at a version; every move is kept in the alias history")) { args in
            let store = try writableStore(args)
            let name = try args.string("name"), alias = try args.string("alias"), version = try args.integer("version")
            _ = try library { try store.setAlias(name: name, alias: alias, version: version) }
            return .null
        },
        Builtin(BuiltinSignature(
            "model", [BuiltinParameter("reference", types: [.string], doc: "\"name\", \"name:3\" or \"name@alias\"")],
            effect: .io, returns: .model, doc: "load a registered model: the latest, a version or an alias")) { args in
            let reference = try library { try ModelReference.parse(try args.string("reference")) }
            guard let store = try existingStore(args) else {
                throw RuntimeError.wrapping(StoreError.unknownModel(name: reference.name, known: []))
            }
            return .object(try loadModel(store, try library { try store.resolve(reference) }))
        },
        Builtin(BuiltinSignature(
            "models", [], effect: .io, returns: .dataset,
            doc: "the registered models: name, latest version, number of versions, aliases, last update")) { args in
            let summaries = try existingStore(args).map { store in try library { try store.registeredModels() } } ?? []
            return try frame([
                .strings("name", summaries.map(\.name)),
                .integers("latest", summaries.map { Int64($0.latestVersion) }),
                .integers("versions", summaries.map { Int64($0.versionCount) }),
                .strings("aliases", summaries.map { $0.aliases.map { "\($0.alias):\($0.version)" }.joined(separator: " ") }),
                .strings("updated", summaries.map { time($0.updatedAt) }),
            ])
        },
        Builtin(BuiltinSignature(
            "runs", [
                BuiltinParameter("where", default: .null, types: [.string, .null],
                                 doc: "e.g. \"metrics.accuracy > 0.9 or params.model = 'boost'\""),
                BuiltinParameter("order", default: .null, types: [.string, .null], doc: "e.g. \"-metrics.f1\" (newest first by default)"),
                BuiltinParameter("limit", default: .null, types: [.number, .null]),
            ], effect: .io, returns: .dataset,
            doc: "the recorded runs matching a filter, one row each, with params.*, metrics.* and tags.* columns")) { args in
            let filter = try args.isNull("where") ? nil : try args.string("where")
            let order = try args.isNull("order") ? nil : try args.string("order")
            let limit = try args.isNull("limit") ? nil : try args.integer("limit")
            if let limit, limit < 0 { throw RuntimeError("runs(limit:) must be 0 or more, found \(limit)") }
            // A query is checked even when there is no store yet, so a typo fails at once.
            try library { try Store.validateRunQuery(where: filter, order: order) }
            let records = try existingStore(args).map { store in
                try library { try store.searchRuns(where: filter, order: order, limit: limit) }
            } ?? []
            return try frame(RunTable.columns(records))
        },
        Builtin(BuiltinSignature(
            "log_metric", [
                BuiltinParameter("name", types: [.string]),
                BuiltinParameter("value", types: [.number, .list], doc: "a number, or a list of numbers for consecutive steps"),
                BuiltinParameter("step", default: .null, types: [.number, .null], doc: "defaults to the next step"),
            ], effect: .io, returns: .null,
            doc: "append a metric value (or a list of them, one transaction) to the current run; step, time and latest value kept")) { args in
            let context = try workspace(args)
            let name = try args.string("name")
            let values: [Double]
            if case .number(let value) = try args["value"].decoded {
                values = [value]
            } else {
                values = try args.list("value").items.map { item in
                    guard case .number(let number) = item.decoded else {
                        throw RuntimeError("log_metric values must be numbers, found \(item.typeName)")
                    }
                    return number
                }
            }
            let step = try args.isNull("step") ? nil : try args.integer("step")
            guard let run = context.currentRun(output: args.vm.output) else { return .null }
            let points = values.enumerated().map { offset, value in (name: name, value: value, step: step.map { $0 + offset }) }
            _ = context.attempt(output: args.vm.output) { try context.openStore().logMetrics(run, points) }
            return .null
        },
        Builtin(BuiltinSignature(
            "tag", [BuiltinParameter("name", types: [.string]), BuiltinParameter("value", types: [.string, .number, .bool])],
            effect: .io, returns: .null, doc: "set a tag on the current run")) { args in
            let context = try workspace(args)
            let name = try args.string("name")
            let value = RunRecording.text(try Scalar(try args["value"], name: "value"))
            guard let run = context.currentRun(output: args.vm.output) else { return .null }
            _ = context.attempt(output: args.vm.output) { try context.openStore().setTags(run, [(name, value)]) }
            return .null
        },
    ]

    static let storeModule: [Builtin] = [
        Builtin(BuiltinSignature(
            "log_param", [BuiltinParameter("name", types: [.string]), BuiltinParameter("value", types: [.string, .number, .bool])],
            effect: .io, returns: .null, doc: "set a parameter of the current run (written once: another value is an error)")) { args in
            let context = try workspace(args)
            let name = try args.string("name")
            let value = RunRecording.text(try Scalar(try args["value"], name: "value"))
            guard let run = context.currentRun(output: args.vm.output) else { return .null }
            try library { try context.openStore().logParams(run, [(name, value)]) }
            return .null
        },
        Builtin(BuiltinSignature(
            "versions", [BuiltinParameter("name", types: [.string])], effect: .io, returns: .dataset,
            doc: "every version of a registered model with its aliases, run and metrics")) { args in
            let name = try args.string("name")
            guard let store = try existingStore(args) else { throw RuntimeError.wrapping(StoreError.unknownModel(name: name, known: [])) }
            let versions = try library { try store.versions(of: name) }
            var columns: [Column] = [
                .integers("version", versions.map { Int64($0.version) }),
                .strings("aliases", versions.map { $0.aliases.joined(separator: " ") }),
                .strings("created", versions.map { time($0.createdAt) }),
                .strings("user", versions.map(\.user)),
                .strings("run", versions.map(\.runUUID)),
                .strings("artifact", versions.map { String($0.artifact.prefix(12)) }),
            ]
            let metricNames = Array(Set(versions.flatMap { $0.metrics.map(\.name) })).sorted()
            for metric in metricNames {
                columns.append(.numeric(metric, versions.map { version in version.metrics.first { $0.name == metric }?.value ?? .nan }))
            }
            return try frame(columns)
        },
        Builtin(BuiltinSignature(
            "alias_history", [BuiltinParameter("name", types: [.string])], effect: .io, returns: .dataset,
            doc: "every alias move of a model: alias, from, to, user, at")) { args in
            let name = try args.string("name")
            guard let store = try existingStore(args) else { throw RuntimeError.wrapping(StoreError.unknownModel(name: name, known: [])) }
            let moves = try library { try store.aliasHistory(of: name) }
            return try frame([
                .strings("alias", moves.map(\.alias)),
                .integers("from", moves.map { $0.fromVersion.map(Int64.init) }),
                .integers("to", moves.map { $0.toVersion.map(Int64.init) }),
                .strings("user", moves.map(\.user)),
                .strings("at", moves.map { time($0.at) }),
            ])
        },
        Builtin(BuiltinSignature(
            "remove_alias", [BuiltinParameter("name", types: [.string]), BuiltinParameter("alias", types: [.string])],
            effect: .io, returns: .null, doc: "remove an alias (recorded in the alias history)")) { args in
            let store = try writableStore(args)
            let name = try args.string("name"), alias = try args.string("alias")
            _ = try library { try store.removeAlias(name: name, alias: alias) }
            return .null
        },
        Builtin(BuiltinSignature(
            "delete_model", [
                BuiltinParameter("name", types: [.string]),
                BuiltinParameter("version", default: .null, types: [.number, .null], doc: "null deletes every version"),
            ], effect: .io, returns: .number,
            doc: "delete a version (or all) of a model; lathe gc later removes the files; returns how many went")) { args in
            let store = try writableStore(args)
            let name = try args.string("name")
            let version = try args.isNull("version") ? nil : try args.integer("version")
            return .number(Double(try library { try store.deleteModel(name: name, version: version) }))
        },
        Builtin(BuiltinSignature(
            "run", [BuiltinParameter("id", types: [.string, .number])], effect: .io, returns: .record,
            doc: "one run: its attributes, params, metrics and tags as records")) { args in
            let value = try args["id"]
            let reference = try value.stringValue ?? Scalar.format(number: args.number("id"))
            guard let store = try existingStore(args) else { throw RuntimeError.wrapping(StoreError.unknownRun(reference)) }
            let run = try library { try store.run(reference) }
            let symbols = args.vm.symbols
            func pairs(_ list: [(name: String, value: String)]) -> Value {
                .object(RecordObject(keys: list.map { symbols.intern($0.name) }, values: list.map { .string($0.value) }))
            }
            return ModelMetadata.record([
                ("id", Int(run.id)), ("uuid", run.uuid), ("kind", run.kind), ("name", run.name), ("status", run.status.rawValue),
                ("started", time(run.startedAt) as Any), ("duration", run.duration as Any), ("parent", run.parentID.map { Int($0) } as Any),
                ("script", run.script?.path as Any), ("git_commit", run.script?.gitCommit as Any),
            ], symbols: symbols).withFields([
                ("params", pairs(run.params)),
                ("metrics", .object(RecordObject(keys: run.metrics.map { symbols.intern($0.name) }, values: run.metrics.map { .number($0.value) }))),
                ("tags", pairs(run.tags)),
            ], symbols: symbols)
        },
        Builtin(BuiltinSignature(
            "metric_history", [BuiltinParameter("id", types: [.string, .number]), BuiltinParameter("metric", types: [.string])],
            effect: .io, returns: .dataset, doc: "every value a run logged for a metric: step, value, at")) { args in
            let value = try args["id"]
            let reference = try value.stringValue ?? Scalar.format(number: args.number("id"))
            guard let store = try existingStore(args) else { throw RuntimeError.wrapping(StoreError.unknownRun(reference)) }
            let run = try library { try store.run(reference) }
            let points = try library { try store.metricHistory(run.id, metric: try args.string("metric")) }
            return try frame([
                .integers("step", points.map { Int64($0.step) }),
                .numeric("value", points.map(\.value)),
                .strings("at", points.map { time($0.timestamp) }),
            ])
        },
    ]
}

extension Value {
    /// A record with `fields` appended (for records built in two parts).
    func withFields(_ fields: [(String, Value)], symbols: SymbolTable) -> Value {
        guard case .object(let object) = self.decoded, object.kind == .record else { return self }
        let record = unsafeDowncast(object, to: RecordObject.self)
        for (name, value) in fields { record.set(symbols.intern(name), value) }
        return self
    }
}
