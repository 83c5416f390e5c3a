/// A stable error code with what `lathe explain CODE` prints for it. Each layer keeps its
/// codes in one catalogue (a type conforming to `ErrorCatalogue`), as swift-syntax keeps
/// its parser messages; a test checks that no code is declared twice across catalogues.
public struct ErrorCode: Sendable, Hashable, CustomStringConvertible {
    /// `E` and four digits, e.g. `E0163`. Never reused for another meaning.
    public let code: String
    /// A short summary, e.g. "operator applied to the wrong types".
    public let title: String
    /// A paragraph for `lathe explain`: what the error means and how to fix it.
    public let explanation: String
    /// A small program or command that produces the error.
    public let example: String

    public init(_ code: String, _ title: String, explanation: String, example: String) {
        self.code = code
        self.title = title
        self.explanation = explanation
        self.example = example
    }

    public var description: String { code }

    public static func == (left: ErrorCode, right: ErrorCode) -> Bool { left.code == right.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}

/// One layer's list of error codes, read by `lathe explain` and the uniqueness test.
public protocol ErrorCatalogue {
    /// The layer's name as `lathe explain` shows it ("syntax", "check", "data"…).
    static var layer: String { get }
    static var codes: [ErrorCode] { get }
}
