import NameMatching

/// A REPL meta-command: a line starting with `:`.
public enum MetaCommand: Equatable {
    case help(String?)
    case who
    case type(String)
    case ir(String)
    case save(String)
    case rerun(String)
    case time(String)
    case history(String?)
    case load(String)
    case reset
    case models
    case runs
    case quit

    /// Each command's name, how it is used and what it does (`:help` lists them).
    public static let catalogue: [(name: String, usage: String, doc: String)] = [
        ("help", ":help [name]", "this list, or a builtin's signature and doc"),
        ("who", ":who", "the session's bindings: type, the input that made it, age, staleness"),
        ("type", ":type expr", "the type of a value"),
        ("ir", ":ir expr", "the IR an input compiles to (as `lathe ir` prints it)"),
        ("rerun", ":rerun name", "recompute a stale binding with its stale ancestors"),
        ("save", ":save file.mlx", "write the live bindings' cells as a runnable script"),
        ("time", ":time expr", "run an input and say how long it took"),
        ("history", ":history [pattern]", "earlier inputs, those containing pattern"),
        ("load", ":load file.mlx", "run a script in the session, keeping its bindings"),
        ("reset", ":reset", "forget every binding, and the saved session"),
        ("models", ":models", "the registered models"),
        ("runs", ":runs", "the latest runs"),
        ("quit", ":quit", "leave (Ctrl-D does too)"),
    ]

    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case unknown(name: String, suggestion: String?)
        case missingArgument(name: String, usage: String)
        case unexpectedArgument(name: String)

        public var description: String {
            switch self {
            case .unknown(let name, _): return "unknown command ':\(name)'"
            case .missingArgument(let name, _): return ":\(name) needs an argument"
            case .unexpectedArgument(let name): return ":\(name) takes no argument"
            }
        }

        public var hint: String? {
            switch self {
            case .unknown(_, let suggestion?): return "did you mean ':\(suggestion)'? :help lists the commands"
            case .unknown: return ":help lists the commands"
            case .missingArgument(_, let usage): return "usage: \(usage)"
            case .unexpectedArgument(let name): return "usage: :\(name)"
            }
        }
    }

    /// Whether `line` is a meta-command (starts with `:` after blanks).
    public static func isMetaCommand(_ line: String) -> Bool {
        line.drop { $0 == " " || $0 == "\t" }.first == ":"
    }

    /// Parses `:name [argument]`. `:q` and `:?` are accepted for `:quit` and `:help`.
    public static func parse(_ line: String) throws -> MetaCommand {
        var body = Substring(line.trimmingBlanks())
        if body.first == ":" { body = body.dropFirst() }
        let name = String(body.prefix { !$0.isWhitespace })
        let rest = String(body.dropFirst(name.count)).trimmingBlanks()
        let argument = rest.isEmpty ? nil : rest
        func required(_ name: String) throws -> String {
            guard let argument else {
                throw ParseError.missingArgument(name: name, usage: catalogue.first { $0.name == name }?.usage ?? ":\(name)")
            }
            return argument
        }
        func none(_ command: MetaCommand) throws -> MetaCommand {
            guard argument == nil else { throw ParseError.unexpectedArgument(name: name) }
            return command
        }
        switch name {
        case "help", "?", "h": return .help(argument)
        case "who": return try none(.who)
        case "type", "t": return .type(try required("type"))
        case "time": return .time(try required("time"))
        case "ir": return .ir(try required("ir"))
        case "save": return .save(try required("save"))
        case "rerun": return .rerun(try required("rerun"))
        case "history": return .history(argument)
        case "load": return .load(try required("load"))
        case "reset": return try none(.reset)
        case "models": return try none(.models)
        case "runs": return try none(.runs)
        case "quit", "q", "exit": return try none(.quit)
        default:
            throw ParseError.unknown(name: name, suggestion: NameSuggestion.closest(to: name, in: catalogue.map(\.name)))
        }
    }
}

extension String {
    func trimmingBlanks() -> String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}
