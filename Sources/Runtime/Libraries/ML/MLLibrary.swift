import LatheCore
import Check
import Data
import Foundation
import IR
import ML
import Store
import Numeric
import VM
import _LatheSignals

extension NativeLibrary {
    /// Model specs, preprocessors, training, prediction, evaluation and model files.
    static let ml = NativeLibrary(
        name: "ml", doc: "model specs and preprocessors, train, predict, evaluate, model files",
        builtins: Builtins.modelSpecs + Builtins.preprocessorSpecs + Builtins.ml + Builtins.metricFunctions + Builtins.explanations,
        kinds: [ModelSpecObject.kind, PreprocessorObject.kind, ModelObject.kind, ReportObject.kind])
}

extension Scalar {
    /// The runtime value of a hyperparameter as a stored parameter value.
    init(_ value: Value, name: String) throws {
        guard let scalar = value.scalar else {
            throw RuntimeError("parameter '\(name)' must be a number, string, bool or null, found \(value.typeName)")
        }
        self = scalar
    }
}

extension Arguments {
    func modelSpec(_ name: String) throws -> ModelSpec {
        guard let spec = try self[name].handle as? ModelSpecObject else {
            throw mismatch(name, expected: "a model spec such as logistic() or forest(trees: 100)")
        }
        return spec.spec
    }

    func model(_ name: String) throws -> TrainedModel {
        guard let model = try self[name].handle as? ModelObject else {
            throw mismatch(name, expected: "a trained model (from train)")
        }
        return model.model
    }

    func preprocessors(_ name: String) throws -> [PreprocessorSpec] {
        if try isNull(name) { return [] }
        return try list(name).items.map { item in
            guard let step = item.handle as? PreprocessorObject else {
                throw RuntimeError("prep: takes preprocessors such as standardize() or impute(), found \(item.typeName)")
            }
            return step.spec
        }
    }

    /// The user's hyperparameters as the estimator's declaration names them.
    func hyperparameters() throws -> [String: Scalar] {
        var given: [String: Scalar] = [:]
        for parameter in builtin.signature.parameters {
            given[parameter.name] = try Scalar(try self[parameter.name], name: parameter.name)
        }
        return given
    }
}

extension Builtins {
    /// The checker-visible types of a declared hyperparameter.
    static func types(of spec: ParameterSpec) -> [ValueType] {
        var types: [ValueType]
        switch spec.kind {
        case .number, .integer: types = [.number]
        case .choice: types = [.string]
        case .bool: types = [.bool]
        }
        if spec.allowsNull { types.append(.null) }
        return types
    }

    /// A builtin signature read straight off a model's or preprocessor's parameter declaration.
    static func signature(name: String, parameters: [ParameterSpec], returns: ValueType, doc: String) -> BuiltinSignature {
        BuiltinSignature(
            name,
            parameters.map { BuiltinParameter(
                $0.name, default: $0.defaultValue, types: types(of: $0), constraint: $0.constraint, doc: $0.doc) },
            returns: returns, doc: doc)
    }

    static var modelSpecs: [Builtin] {
        EstimatorRegistry.all.map { estimator in
            Builtin(signature(name: estimator.name, parameters: estimator.parameters, returns: .modelSpec, doc: estimator.summary)) { args in
                let given = try args.hyperparameters()
                let spec = try library { try ModelSpec.make(name: estimator.name, given: given, registry: EstimatorRegistry.all) }
                return .object(ModelSpecObject(spec))
            }
        }
    }

    static var preprocessorSpecs: [Builtin] {
        PreprocessorSpec.all.map { entry in
            Builtin(signature(name: entry.name, parameters: entry.parameters, returns: .preprocessor, doc: entry.summary)) { args in
                let given = try args.hyperparameters()
                let spec = try library { try PreprocessorSpec.make(name: entry.name, given: given) }
                return .object(PreprocessorObject(spec))
            }
        }
    }

    /// Runs a fit, turning Ctrl-C into an `interrupted` runtime error (exit 130 for a script).
    static func fitting<T>(_ label: String, output: OutputSink, _ body: (FitContext) throws -> T) throws -> T {
        let context = TrainingProgress.context(label: label, output: output)
        defer { TrainingProgress.finish(output: output) }
        do {
            let result = try body(context)
            for warning in context.warnings { output.warning(warning) }
            return result
        } catch MLError.interrupted {
            lathe_clear_interrupt()
            throw RuntimeError("training interrupted", hint: "Ctrl-C stopped training; nothing was changed", kind: .interrupted)
        } catch {
            throw RuntimeError.wrapping(error)
        }
    }

    static func task(_ args: Arguments, _ parameter: String) throws -> Task? {
        if try args.isNull(parameter) { return nil }
        let name = try args.string(parameter)
        guard let task = Task(rawValue: name) else {
            throw RuntimeError("task must be one of \(Task.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")), found \"\(name)\"")
        }
        return task
    }

    static func target(_ args: Arguments, _ parameter: String, data: DatasetObject) throws -> String? {
        try args.isNull(parameter) ? data.target : try args.string(parameter)
    }

    /// `class_weight: "balanced"` or `{yes: 5, no: 1}`; nil when not given.
    static func classWeight(_ args: Arguments, _ parameter: String) throws -> ClassWeight? {
        if try args.isNull(parameter) { return nil }
        if let record = try args[parameter].object(.record, as: RecordObject.self) {
            var table: [String: Double] = [:]
            for (index, key) in record.keys.enumerated() {
                let label = args.vm.symbols.name(key)
                let value = record.values[index]
                guard let weight = value.numberValue else {
                    throw RuntimeError("class_weight: the weight of class '\(label)' must be a number, found \(value.typeName)")
                }
                table[label] = weight
            }
            return .given(table)
        }
        let name = try args.string(parameter)
        guard name == "balanced" else {
            throw RuntimeError("class_weight: takes \"balanced\" or a record of weights by class, found \"\(name)\"",
                               hint: "e.g. class_weight: \"balanced\" or class_weight: {yes: 5, no: 1}")
        }
        return .balanced
    }

    static func describe(_ weight: ClassWeight) -> String {
        switch weight {
        case .balanced: return "balanced"
        case .given(let table): return table.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        }
    }

    static let ml: [Builtin] = [
        Builtin(BuiltinSignature(
            "train", [
                BuiltinParameter("spec", types: [.modelSpec]), BuiltinParameter("data", types: [.dataset]),
                BuiltinParameter("prep", default: .null, types: [.list, .null]),
                BuiltinParameter("target", default: .null, types: [.string, .null], doc: "defaults to the dataset's target"),
                BuiltinParameter("task", default: .null, types: [.string, .null], doc: "binary, multiclass, regression or clustering"),
                BuiltinParameter("validation", default: .null, types: [.dataset, .null], doc: "held-out data for early stopping"),
                BuiltinParameter("weights", default: .null, types: [.string, .null],
                                 doc: "a column of per-row sample weights (not a feature)"),
                BuiltinParameter("class_weight", default: .null, types: [.string, .record, .null],
                                 constraint: ParameterConstraint(.choice(["balanced"]), allowsNull: true), doc: "\"balanced\" or a record of weights keyed by class label"),
            ], effect: .random, returns: .model, doc: "fit a model spec to a dataset; returns a model with its lineage")) { args in
            let spec = try args.modelSpec("spec")
            let data = try args.dataset("data")
            let prep = try args.preprocessors("prep")
            let target = try target(args, "target", data: data)
            let task = try task(args, "task")
            let validation = try args.isNull("validation") ? nil : try args.dataset("validation").frame
            let weights = try args.isNull("weights") ? nil : try args.string("weights")
            let classWeight = try classWeight(args, "class_weight")
            var params = RunRecording.parameters(of: spec)
            if !prep.isEmpty { params.append(("prep", prep.map(\.name).joined(separator: ", "))) }
            if let target { params.append(("target", target)) }
            if let weights { params.append(("sample_weights", weights)) }
            if let classWeight { params.append(("class_weight", describe(classWeight))) }
            return try RunRecording.tracking(args.vm, kind: "train", name: spec.name, params: params) { run in
                let model = try fitting("train \(spec.name)", output: args.vm.output) { context in
                    try Trainer.train(spec, prep: prep, data: data.frame, target: target, task: task, validation: validation,
                                      weights: weights, classWeight: classWeight, context: context)
                }
                var datasets = [RunDataset(fingerprint: model.lineage.dataFingerprint, role: "train", rows: model.lineage.rowCount,
                                           source: model.lineage.origin?.source)]
                if let validation {
                    datasets.append(RunDataset(fingerprint: Fingerprint.frame(validation, target: target), role: "eval", rows: validation.rowCount))
                }
                run?.record(metrics: model.lineage.lossCurve.enumerated().map { ("loss", $0.element, $0.offset) },
                            tags: [("task", model.task.rawValue)], datasets: datasets)
                return .object(ModelObject(model, runUUID: run?.uuid, trainingData: data.frame))
            }
        },
        Builtin(BuiltinSignature(
            "predict", [
                BuiltinParameter("model", types: [.model]), BuiltinParameter("data", types: [.dataset]),
                BuiltinParameter("threshold", default: .null, types: [.number, .null],
                                 doc: "binary models: the positive class where its probability is >= threshold"),
            ], returns: .column, doc: "predictions for each row: class labels, values or cluster ids")) { args in
            let model = try args.model("model")
            let data = try args.dataset("data")
            if !(try args.isNull("threshold")) {
                let threshold = try args.number("threshold")
                return .object(ColumnObject(try library { try DecisionThreshold.predict(model, data.frame, threshold: threshold) }))
            }
            return .object(ColumnObject(try library { try model.predict(data.frame) }.renamed("prediction")))
        },
        Builtin(BuiltinSignature(
            "predict_proba", [BuiltinParameter("model", types: [.model]), BuiltinParameter("data", types: [.dataset])],
            returns: .dataset, doc: "class probabilities, one column per class")) { args in
            let model = try args.model("model")
            let data = try args.dataset("data")
            guard let probabilities = try library({ try model.predictProbabilities(data.frame) }) else {
                throw RuntimeError("\(model.spec.name) gives no probabilities for a \(model.task.rawValue) task")
            }
            var columns: [Column] = []
            for (index, label) in model.classes.enumerated() {
                columns.append(Column.numeric(label, probabilities.column(index).storage))
            }
            return .object(DatasetObject(try library { try Frame(columns: columns) }, target: nil))
        },
        Builtin(BuiltinSignature(
            "transform", [BuiltinParameter("model", types: [.model]), BuiltinParameter("data", types: [.dataset])],
            returns: .dataset, doc: "the exact feature matrix the model sees for data: preprocessed, one-hot as column=value")) { args in
            let model = try args.model("model")
            let data = try args.dataset("data")
            return .object(DatasetObject(try library { try model.featureFrame(data.frame) }, target: nil))
        },
        Builtin(BuiltinSignature(
            "evaluate", [
                BuiltinParameter("model", types: [.model]), BuiltinParameter("data", types: [.dataset]),
                BuiltinParameter("allow_overlap", default: .bool(false), types: [.bool]),
            ], returns: .report, doc: "every metric that fits the task; refuses rows a supervised model was trained on")) { args in
            let model = try args.model("model")
            let data = try args.dataset("data")
            // Clustering has no held-out score to leak into: its metrics (inertia) are defined
            // on the training rows, so evaluating there is allowed and the report says so.
            var onTrainingRows = false
            if model.task == .clustering {
                switch model.leakage(in: data.frame) {
                case .trainedRows, .sameValues: onTrainingRows = true
                case .none: break
                }
            } else if !(try args.bool("allow_overlap")) {
                switch model.leakage(in: data.frame) {
                case .trainedRows(let count):
                    throw RuntimeError.wrapping(MLError.evaluatingTrainedRows(count: count, rows: data.frame.rowCount))
                case .sameValues(let count):
                    throw RuntimeError.wrapping(MLError.evaluatingTrainingValues(count: count))
                case .none(let duplicates) where duplicates > 0:
                    // Duplicate rows in the data: the same values, other rows. Worth knowing, not an error.
                    let rows = data.frame.rowCount
                    args.vm.output.warning(duplicates == 1
                        ? "1 of the \(rows) evaluation rows has the same values as a training row (a duplicate row in the data); it was not trained on"
                        : "\(duplicates) of the \(rows) evaluation rows have the same values as training rows (duplicate rows in the data); they were not trained on")
                case .none:
                    break
                }
            }
            let modelRun = (try args["model"].handle as? ModelObject)?.runUUID
            return try RunRecording.tracking(args.vm, kind: "evaluate", name: model.spec.name, params: [("model", model.spec.name)]) { run in
                var report = try library { try Evaluation.evaluate(model, on: data.frame) }
                report.onTrainingRows = onTrainingRows
                run?.record(metrics: report.metrics.map { ($0.name, $0.value, nil) },
                            tags: modelRun.map { [("model_run", $0)] } ?? [],
                            datasets: [RunDataset(fingerprint: Fingerprint.frame(data.frame, target: model.target), role: "eval",
                                                  rows: data.frame.rowCount)])
                return .object(ReportObject(report))
            }
        },
        Builtin(BuiltinSignature(
            "save_model", [BuiltinParameter("model", types: [.model]), BuiltinParameter("path", types: [.string])],
            effect: .io, returns: .null, doc: "write a model file (versioned JSON that loads back bit for bit)")) { args in
            let model = try args.model("model")
            let bytes = try library { try ModelCodec.encode(model) }
            let path = try args.string("path")
            do {
                try AtomicFile.write(to: path) { emit in try emit(bytes) }
            } catch {
                throw RuntimeError("cannot write the model to '\(path)'", hint: "check that the folder exists and is writable")
            }
            return .null
        },
        Builtin(BuiltinSignature(
            "load_model", [BuiltinParameter("path", types: [.string])], effect: .io, returns: .model,
            doc: "read a model file written by save_model")) { args in
            let path = try args.string("path")
            guard let data = FileManager.default.contents(atPath: path) else {
                throw RuntimeError("cannot read the model file '\(path)'", hint: "check the path")
            }
            return .object(ModelObject(try library { try ModelCodec.load([UInt8](data), path: path, registry: EstimatorRegistry.all) }))
        },
    ]
}
