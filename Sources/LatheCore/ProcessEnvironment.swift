#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The process's environment variables, read once. Foundation's `ProcessInfo.environment`
/// builds a new dictionary on every read, and start-up read it in half a dozen places (about
/// a millisecond of each `lathe run`). Lathe never changes the variables it reads here.
public enum ProcessEnvironment {
    public static let variables: [String: String] = {
        var result: [String: String] = [:]
        guard var entry = Optional(environ) else { return result }
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") {
                let name = String(text[..<equals])
                if result[name] == nil { result[name] = String(text[text.index(after: equals)...]) }
            }
            entry += 1
        }
        return result
    }()
}
