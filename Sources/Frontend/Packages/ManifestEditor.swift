import Foundation
import Syntax

/// Edits `lathe.pkg` text in place for `lathe add` and `lathe update`, replacing only the
/// bytes of the field it changes, so the user's comments and layout stay as they were.
enum ManifestEditor {
    /// The manifest with dependency `name` set to `source`: its entry replaced, or added at
    /// the end of `dependencies` (which is created when missing).
    static func settingDependency(_ name: String, to source: PackageManifest.Source, in text: String, path: String) throws -> String {
        let value = "{\(PackageLock.fields(of: source))}"
        let top = try topRecord(text, path: path)
        if let dependencies = top.fields.first(where: { $0.name == "dependencies" }) {
            guard case .record(let entries) = dependencies.value.kind else {
                throw PackageManifest.Problem(path: path, line: 1, column: 1, message: "dependencies must be a record", hint: nil)
            }
            if let existing = entries.first(where: { $0.name == name }) {
                return splice(text, existing.value.span, with: value)
            }
            return insert(line: "\(name): \(value),", into: dependencies.value.span, after: entries.last?.value.span, in: text,
                          indent: "    ", closingIndent: "  ")
        }
        return insert(line: "dependencies: {\n    \(name): \(value),\n  },", into: top.span, after: top.fields.last?.value.span, in: text,
                      indent: "  ", closingIndent: "")
    }

    /// The manifest with dependency `name`'s tag set to `tag`.
    static func settingTag(of name: String, to tag: String, in text: String, path: String) throws -> String {
        let top = try topRecord(text, path: path)
        guard let dependencies = top.fields.first(where: { $0.name == "dependencies" }), case .record(let entries) = dependencies.value.kind,
              let entry = entries.first(where: { $0.name == name }), case .record(let spec) = entry.value.kind,
              let field = spec.first(where: { $0.name == "tag" }) else {
            throw PackageManifest.Problem(path: path, line: 1, column: 1, message: "lathe.pkg has no tag for dependency '\(name)'", hint: nil)
        }
        return splice(text, field.value.span, with: PackageLock.quoted(tag))
    }

    private static func topRecord(_ text: String, path: String) throws -> (fields: [RecordField], span: SourceSpan) {
        _ = try PackageManifest.parse(text, path: path)
        let (program, _, _) = Parser.parse(file: SourceFile(id: 0, path: path, text: text))
        guard case .expression(let expression) = program.statements[0].kind, case .record(let fields) = expression.kind else {
            throw PackageManifest.Problem(path: path, line: 1, column: 1, message: "a manifest is one record literal", hint: nil)
        }
        return (fields, expression.span)
    }

    private static func splice(_ text: String, _ span: SourceSpan, with replacement: String) -> String {
        let bytes = Array(text.utf8)
        return String(decoding: bytes[..<Int(span.start)] + Array(replacement.utf8) + bytes[Int(span.end)...], as: UTF8.self)
    }

    /// Adds `line` as the last item of the record at `span` (whose last byte is its `}`):
    /// right after the current last item and its comma, or inside the braces of an empty record.
    private static func insert(
        line: String, into span: SourceSpan, after last: SourceSpan?, in text: String, indent: String, closingIndent: String
    ) -> String {
        let bytes = Array(text.utf8)
        let isSpace: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
        if let last {
            var position = Int(last.end)
            var probe = position
            while probe < bytes.count, isSpace(bytes[probe]) { probe += 1 }
            let hasComma = probe < bytes.count && bytes[probe] == UInt8(ascii: ",")
            if hasComma { position = probe + 1 }
            let inserted = (hasComma ? "" : ",") + "\n" + indent + line
            return String(decoding: bytes[..<position] + Array(inserted.utf8) + bytes[position...], as: UTF8.self)
        }
        let close = Int(span.end) - 1
        var end = close
        while end > Int(span.start) + 1, isSpace(bytes[end - 1]) { end -= 1 }
        let inserted = "\n" + indent + line + "\n" + closingIndent
        return String(decoding: bytes[..<end] + Array(inserted.utf8) + bytes[close...], as: UTF8.self)
    }
}
