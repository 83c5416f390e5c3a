#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LatheCore

/// How the prompt's text display fits its terminal: the width tables and charts fill, how
/// many rows a table shows before it elides the middle, and whether it may use colour.
public struct DisplayOptions: Sendable, Equatable {
    public var width: Int = 100
    public var maxRows: Int = 20
    public var colored: Bool = false

    public init(width: Int = 100, maxRows: Int = 20, colored: Bool = false) {
        self.width = Swift.max(20, width)
        self.maxRows = Swift.max(2, maxRows)
        self.colored = colored
    }

    /// The options for values written to standard output: colour only when stdout is a
    /// terminal and `NO_COLOR` is unset or empty; the terminal's width when stdout is one,
    /// else `$COLUMNS`, else 100.
    public static func standardOutput(environment: [String: String] = ProcessEnvironment.variables) -> DisplayOptions {
        let terminal = isatty(1) == 1
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        var width = Int(environment["COLUMNS"] ?? "") ?? 100
        if terminal {
            var size = winsize()
            if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { width = Int(size.ws_col) }
        }
        return DisplayOptions(width: width, colored: terminal && !noColor)
    }
}
