import LatheCore
import NameMatching

/// Everything that can go wrong in the store, each with the thing it names and a hint.
/// The Runtime and the CLI render it once; it never leaves a partial write behind, because
/// every operation that fails is rolled back before the error is thrown.
public enum StoreError: LibraryError, Equatable {
    /// No model is registered under the name.
    case unknownModel(name: String, known: [String])
    /// The model exists but has no such version.
    case unknownVersion(name: String, version: Int, latest: Int?)
    /// The model has no such alias.
    case unknownAlias(name: String, alias: String, known: [String])
    /// A model reference that is not `name`, `name:VERSION` or `name@ALIAS`.
    case malformedReference(String)
    /// A model name or alias outside `^[\w-]+$`, or a reserved alias.
    case invalidName(kind: String, name: String, reason: String)
    /// No run with that id.
    case unknownRun(String)
    /// A parameter logged twice with different values.
    case parameterChanged(run: String, name: String, old: String, new: String)
    /// A run query or order that does not parse: the message and where it points.
    case badQuery(query: String, message: String, offset: Int, hint: String?)
    /// An artifact's bytes no longer hash to its name, or it is missing.
    case damagedArtifact(hash: String, problem: String)
    /// The database file is damaged or not a database.
    case corrupt(path: String, detail: String)
    /// The database was written by a newer lathe.
    case newerSchema(path: String, found: Int, known: Int)
    /// Another process held the store past the busy timeout.
    case locked(path: String, milliseconds: Int)
    /// The folder or database cannot be written.
    case readOnly(path: String)
    /// The disk or the file-size limit is full.
    case diskFull(path: String)
    /// Any other SQLite or file-system failure.
    case failed(path: String, detail: String)
    /// An export file that is not one, or whose contents fail their hash.
    case badExport(path: String, problem: String)
    /// A command needs a workspace and none was found.
    case noWorkspace(start: String)

    public var message: String {
        switch self {
        case .unknownModel(let name, _): return "no model is registered as '\(name)'"
        case .unknownVersion(let name, let version, _): return "model '\(name)' has no version \(version)"
        case .unknownAlias(let name, let alias, _): return "model '\(name)' has no alias '\(alias)'"
        case .malformedReference(let text): return "'\(text)' is not a model reference"
        case .invalidName(let kind, let name, let reason): return "'\(name)' is not a valid \(kind): \(reason)"
        case .unknownRun(let id): return "no run has the id '\(id)'"
        case .parameterChanged(let run, let name, let old, let new):
            return "parameter '\(name)' of run \(run) is already '\(old)'; it cannot become '\(new)'"
        case .badQuery(let query, let message, let offset, _):
            return "\(message) at column \(offset + 1) of the run query \"\(Self.excerpt(query))\""
        case .damagedArtifact(let hash, let problem): return "artifact \(hash) is damaged: \(problem)"
        case .corrupt(let path, let detail): return "the store '\(path)' is damaged: \(detail)"
        case .newerSchema(let path, let found, let known):
            return "the store '\(path)' has schema version \(found), newer than this lathe knows (\(known))"
        case .locked(let path, let milliseconds): return "the store '\(path)' stayed locked by another process for \(milliseconds) ms"
        case .readOnly(let path): return "the store '\(path)' cannot be written"
        case .diskFull(let path): return "the disk or file-size limit is full while writing '\(path)'"
        case .failed(let path, let detail): return "the store '\(path)' failed: \(detail)"
        case .badExport(let path, let problem): return "'\(path)' is not a usable model export: \(problem)"
        case .noWorkspace(let start): return "no .lathe workspace in '\(start)' or any folder above it"
        }
    }

    public var hint: String? {
        switch self {
        case .unknownModel(let name, let known):
            if let close = NameSuggestion.closest(to: name, in: known) { return "did you mean '\(close)'?" }
            return known.isEmpty ? "register a model first: register(m, \"\(name)\")"
                : "registered: \(known.prefix(8).joined(separator: ", "))\(known.count > 8 ? ", …" : "")"
        case .unknownVersion(let name, _, let latest):
            return latest.map { "versions of '\(name)' run 1 to \($0); 'lathe models show \(name)' lists them" }
        case .unknownAlias(let name, let alias, let known):
            if let close = NameSuggestion.closest(to: alias, in: known) { return "did you mean '\(name)@\(close)'?" }
            return known.isEmpty ? "set one with alias(\"\(name)\", VERSION, \"\(alias)\")"
                : "aliases of '\(name)': \(known.joined(separator: ", "))"
        case .malformedReference:
            return "write \"name\" (the latest version), \"name:3\" (a version) or \"name@production\" (an alias)"
        case .invalidName(_, let name, let reason):
            if reason.contains("reserved") {
                return name == "latest" ? "model(\"NAME\") already loads the latest version; pick another alias"
                    : "an alias like v3 reads as a version; pick a word such as \"production\""
            }
            return "use letters, digits, '_' and '-' only"
        case .unknownRun: return "'lathe runs list' shows the runs"
        case .parameterChanged: return "parameters are written once per run; log the new value as a metric or start a new run"
        case .badQuery(_, _, _, let hint): return hint
        case .damagedArtifact: return "the file under .lathe/artifacts was changed after it was stored; register the model again"
        case .corrupt: return "restore .lathe/lathe.db from a backup, or move it away to start an empty store"
        case .newerSchema: return "use the newer lathe that wrote it"
        case .locked: return "another lathe is writing; try again, or set LATHE_BUSY_TIMEOUT (milliseconds)"
        case .readOnly: return "check the permissions of the .lathe folder, or set LATHE_HOME to a writable one"
        case .diskFull: return "free some space (lathe gc removes deleted models' files); nothing was written"
        case .failed: return nil
        case .badExport: return "export it again with 'lathe models export NAME[:VERSION] FILE'"
        case .noWorkspace: return "run 'lathe init' here, or set LATHE_HOME to a .lathe folder"
        }
    }

    public var code: ErrorCode {
        switch self {
        case .unknownModel, .unknownVersion, .unknownAlias: return StoreErrorCodes.unknownModel
        case .malformedReference, .invalidName: return StoreErrorCodes.invalidName
        case .unknownRun: return StoreErrorCodes.unknownRun
        case .parameterChanged: return StoreErrorCodes.parameterChanged
        case .badQuery: return StoreErrorCodes.badQuery
        case .damagedArtifact: return StoreErrorCodes.damagedArtifact
        case .corrupt, .newerSchema: return StoreErrorCodes.corrupt
        case .locked: return StoreErrorCodes.locked
        case .readOnly, .diskFull, .failed: return StoreErrorCodes.unwritable
        case .badExport: return StoreErrorCodes.badExport
        case .noWorkspace: return StoreErrorCodes.noWorkspace
        }
    }

    static func excerpt(_ query: String) -> String {
        query.count > 80 ? String(query.prefix(77)) + "…" : query
    }
}
