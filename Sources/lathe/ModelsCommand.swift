import ArgumentParser
import Foundation
import Frontend
import Store

/// `lathe init`: a new workspace (`.lathe/` with an empty store) in the current folder.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a .lathe workspace (runs, registry, sessions) in the current folder.")

    func run() throws {
        do {
            let cwd = FileManager.default.currentDirectoryPath
            let existed = Workspace(root: Workspace.absolute(cwd) + "/" + Workspace.folderName).exists
            let workspace = try Workspace.create(in: cwd)
            _ = try Store(workspace: workspace, create: true)
            CommandStreams.output(existed ? "workspace \(workspace.root) already exists\n" : "created workspace \(workspace.root)\n")
        } catch {
            throw StoreCommandSupport.fail(error)
        }
    }
}

/// `lathe models …`: the registry from the command line.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models", abstract: "List, inspect, alias, export, import and delete registered models.",
        subcommands: [List.self, Show.self, Alias.self, Unalias.self, History.self, Export.self, Import.self, Delete.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the registered models.")
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try StoreCommandSupport.withStore { store in
                let models = try store.registeredModels()
                if json {
                    StoreCommandSupport.printJSON(models.map { model -> [String: Any] in
                        ["name": model.name, "latest_version": model.latestVersion, "versions": model.versionCount,
                         "aliases": Dictionary(uniqueKeysWithValues: model.aliases.map { ($0.alias, $0.version) }),
                         "updated_at": model.updatedAt]
                    })
                    return
                }
                var table = TextTable(["NAME", "LATEST", "VERSIONS", "ALIASES", "UPDATED"])
                for model in models {
                    table.add([model.name, String(model.latestVersion), String(model.versionCount),
                               model.aliases.map { "\($0.alias)→\($0.version)" }.joined(separator: " "),
                               StoreCommandSupport.time(model.updatedAt)])
                }
                CommandStreams.output(models.isEmpty ? "no registered models\n" : table.render())
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a model's versions, or one version's signature, metrics and lineage.",
            discussion: "NAME lists every version; NAME:3 or NAME@production shows that version in full.")
        @Argument(help: "NAME, NAME:VERSION or NAME@ALIAS") var reference: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try StoreCommandSupport.withStore { store in
                let parsed = try ModelReference.parse(reference)
                if case .latest = parsed.selector, !reference.contains("@") {
                    let versions = try store.versions(of: parsed.name)
                    if json {
                        StoreCommandSupport.printJSON(versions.map(ModelsCommand.describe))
                        return
                    }
                    var table = TextTable(["VERSION", "ALIASES", "CREATED", "USER", "METRICS"])
                    for version in versions {
                        table.add([String(version.version), version.aliases.joined(separator: " "),
                                   StoreCommandSupport.time(version.createdAt), version.user,
                                   version.metrics.prefix(4).map { "\($0.name)=\(StoreCommandSupport.number($0.value))" }.joined(separator: " ")])
                    }
                    CommandStreams.output("\(parsed.name): \(versions.count) version\(versions.count == 1 ? "" : "s")\n" + table.render())
                    return
                }
                let record = try store.resolve(parsed)
                if json {
                    StoreCommandSupport.printJSON(ModelsCommand.describe(record))
                    return
                }
                var text = "\(record.name) version \(record.version)"
                if !record.aliases.isEmpty { text += " (\(record.aliases.joined(separator: ", ")))" }
                text += "\n  created: \(StoreCommandSupport.time(record.createdAt)) by \(record.user)\n"
                text += "  artifact: sha256 \(record.artifact), \(record.size) bytes\n"
                text += "  run: \(record.runUUID ?? "-")\n  training data: \(record.dataFingerprint ?? "-")\n"
                text += "  signature: \(record.signature)\n  params: \(record.params)\n"
                if !record.metrics.isEmpty {
                    text += "  metrics: " + record.metrics.map { "\($0.name)=\(StoreCommandSupport.number($0.value))" }.joined(separator: " ") + "\n"
                }
                if !record.tags.isEmpty { text += "  tags: " + record.tags.map { "\($0.name)=\($0.value)" }.joined(separator: " ") + "\n" }
                text += "  lineage: \(record.lineage)\n"
                CommandStreams.output(text)
            }
        }
    }

    struct Alias: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Point an alias at a version (recorded in the alias history).")
        @Argument var name: String
        @Argument var version: Int
        @Argument var alias: String

        func run() throws {
            try StoreCommandSupport.withStore { store in
                let move = try store.setAlias(name: name, alias: alias, version: version)
                let from = move.fromVersion.map { " (was version \($0))" } ?? ""
                CommandStreams.output("\(name)@\(alias) → version \(version)\(from)\n")
            }
        }
    }

    struct Unalias: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an alias (recorded in the alias history).")
        @Argument var name: String
        @Argument var alias: String

        func run() throws {
            try StoreCommandSupport.withStore { store in
                let move = try store.removeAlias(name: name, alias: alias)
                CommandStreams.output("removed \(name)@\(alias) (was version \(move.fromVersion.map(String.init) ?? "-"))\n")
            }
        }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every alias move of a model: who, when, from and to which version.")
        @Argument var name: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try StoreCommandSupport.withStore { store in
                let moves = try store.aliasHistory(of: name)
                if json {
                    StoreCommandSupport.printJSON(moves.map { move -> [String: Any] in
                        ["alias": move.alias, "from": move.fromVersion ?? NSNull(), "to": move.toVersion ?? NSNull(),
                         "user": move.user, "at": move.at]
                    })
                    return
                }
                var table = TextTable(["AT", "ALIAS", "FROM", "TO", "USER"])
                for move in moves {
                    table.add([StoreCommandSupport.time(move.at), move.alias, move.fromVersion.map(String.init) ?? "-",
                               move.toVersion.map(String.init) ?? "-", move.user])
                }
                CommandStreams.output(moves.isEmpty ? "no alias moves for \(name)\n" : table.render())
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write one version (artifact, metadata, lineage) to a portable file.")
        @Argument(help: "NAME, NAME:VERSION or NAME@ALIAS") var reference: String
        @Argument(help: "The file to write.") var file: String

        func run() throws {
            try StoreCommandSupport.withStore { store in
                let record = try store.resolve(try ModelReference.parse(reference))
                try store.exportModel(record, to: file)
                CommandStreams.output("exported \(record.reference) to \(file)\n")
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a model from an exported file as a new version.")
        @Argument(help: "A file written by 'lathe models export'.") var file: String
        @Option(help: "Register under this name instead of the exported one.") var name: String?

        func run() throws {
            try StoreCommandSupport.withStore { store in
                let record = try store.importModel(from: file, as: name)
                CommandStreams.output("imported \(file) as \(record.reference) (sha256 \(record.artifact))\n")
            }
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a version (NAME:VERSION) or a whole model (NAME); 'lathe gc' then removes the files.")
        @Argument(help: "NAME or NAME:VERSION") var reference: String

        func run() throws {
            try StoreCommandSupport.withStore { store in
                let parsed = try ModelReference.parse(reference)
                var version: Int? = nil
                switch parsed.selector {
                case .version(let number): version = number
                case .latest where !reference.contains("@"): version = nil
                default: throw StoreError.malformedReference(reference)
                }
                let count = try store.deleteModel(name: parsed.name, version: version)
                CommandStreams.output("deleted \(count) version\(count == 1 ? "" : "s") of \(parsed.name)\n")
            }
        }
    }

    static func describe(_ record: ModelVersionRecord) -> [String: Any] {
        [
            "name": record.name, "version": record.version, "aliases": record.aliases, "artifact": record.artifact,
            "size": record.size, "run": record.runUUID ?? NSNull(), "data_fingerprint": record.dataFingerprint ?? NSNull(),
            "signature": StoreCommandSupport.parsed(record.signature), "params": StoreCommandSupport.parsed(record.params),
            "lineage": StoreCommandSupport.parsed(record.lineage), "created_at": record.createdAt, "user": record.user,
            "metrics": Dictionary(uniqueKeysWithValues: record.metrics.map { ($0.name, StoreCommandSupport.json($0.value)) }),
            "tags": Dictionary(uniqueKeysWithValues: record.tags.map { ($0.name, $0.value) }),
        ]
    }
}

/// `lathe gc`: removes artifact files no model version or session references.
struct GCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc", abstract: "Remove the files of deleted model versions; safe while other lathe processes run.")
    @Option(help: "Keep unreferenced files younger than this many seconds.") var grace: Double = 3600

    func run() throws {
        try StoreCommandSupport.withStore { store in
            let report = try store.collectGarbage(graceSeconds: max(0, grace))
            var text = "removed \(report.removedArtifacts) artifact\(report.removedArtifacts == 1 ? "" : "s") (\(report.freedBytes) bytes)"
            if report.keptRecent > 0 { text += "; kept \(report.keptRecent) younger than \(StoreCommandSupport.number(grace)) s" }
            CommandStreams.output(text + "\n")
        }
    }
}
