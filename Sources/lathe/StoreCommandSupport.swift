import ArgumentParser
import Foundation
import Frontend
import Store

/// What the store commands share: finding the workspace, rendering a `StoreError` as one
/// line with its hint and choosing the exit status, JSON output and time stamps.
enum StoreCommandSupport {
    /// The workspace's store, or a thrown exit after the error is printed.
    static func openStore() throws -> Store {
        let cwd = FileManager.default.currentDirectoryPath
        guard let workspace = Workspace.find(from: cwd) else {
            throw fail(StoreError.noWorkspace(start: cwd))
        }
        do {
            guard workspace.exists else { throw StoreError.noWorkspace(start: cwd) }
            return try Store(workspace: workspace, create: false)
        } catch {
            throw fail(error)
        }
    }

    /// Runs `body` against the store, turning its errors into one rendered line and an exit.
    static func withStore(_ body: (Store) throws -> Void) throws {
        let store = try openStore()
        do {
            try body(store)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw fail(error)
        }
    }

    /// Prints `error` once and returns the exit to throw: 66 without a workspace, 64 for a
    /// malformed name, reference or query, 70 for everything else.
    static func fail(_ error: Error) -> ExitCode {
        guard let error = error as? StoreError else {
            CommandStreams.error("error: \(error)\n")
            return ExitCode(ExitStatus.runtimeError.rawValue)
        }
        var text = "error: \(error.message)\n"
        if let hint = error.hint { text += "  hint: \(hint)\n" }
        CommandStreams.error(text)
        switch error {
        case .noWorkspace: return ExitCode(ExitStatus.noInput.rawValue)
        case .malformedReference, .invalidName, .badQuery: return ExitCode(ExitStatus.usage.rawValue)
        default: return ExitCode(ExitStatus.runtimeError.rawValue)
        }
    }

    /// `object` as sorted, indented JSON on stdout.
    static func printJSON(_ object: Any) {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])) ?? Data("null".utf8)
        CommandStreams.output(String(decoding: data, as: UTF8.self) + "\n")
    }

    /// JSON text the store keeps (signature, params, lineage) as an object again.
    static func parsed(_ json: String) -> Any {
        (try? JSONSerialization.jsonObject(with: Data(json.utf8))) ?? json
    }

    static func time(_ seconds: Double?) -> String {
        guard let seconds else { return "-" }
        return ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: seconds.rounded(.down)))
    }

    /// A number as the language prints it (shortest form that reads back).
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// JSON for a number: NaN and infinities (which JSON lacks) as null.
    static func json(_ value: Double) -> Any { value.isFinite ? value : NSNull() }
}

/// Columns of text, left-aligned, two spaces apart; for the store commands' listings.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []

    init(_ header: [String]) { self.header = header }

    mutating func add(_ row: [String]) { rows.append(row) }

    func render() -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n") + "\n"
    }
}
