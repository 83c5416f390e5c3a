import Check
import Foundation
import IR
import LatheCore
import VM

/// A Python-style format specification, `[[fill]align][sign][,|_][width... ][.precision][type]`
/// (Python orders width before grouping: `>12,.2f`), as `fmt(value, spec)` reads it.
/// Types: `f` fixed, `e` exponent, `%` percent, `d` whole number, `g` general, `s` text;
/// none prints numbers as `print` does.
struct FormatSpec {
    var fill: Character = " "
    var align: Character?
    var sign: Character = "-"
    var width = 0
    /// A width written with a leading 0 (`06d`) pads with zeros after the sign, as Python's.
    var zeroPadded = false
    var grouping: Character?
    var precision: Int?
    var type: Character?

    /// Why a spec was refused.
    struct Invalid: Error {
        var spec: String
        var reason: String
    }

    init(_ text: String) throws {
        var characters = Array(text)[...]
        func fail(_ reason: String) -> Invalid { Invalid(spec: text, reason: reason) }
        let aligns: Set<Character> = ["<", ">", "^"]
        if characters.count >= 2, aligns.contains(characters[characters.startIndex + 1]) {
            fill = characters.removeFirst()
            align = characters.removeFirst()
        } else if let first = characters.first, aligns.contains(first) {
            align = characters.removeFirst()
        }
        if let first = characters.first, "+- ".contains(first) { sign = characters.removeFirst() }
        var digits = ""
        while let first = characters.first, first.isASCII, first.isNumber { digits.append(characters.removeFirst()) }
        if digits.count > 1, digits.first == "0", align == nil { zeroPadded = true }
        width = Int(digits) ?? 0
        if let first = characters.first, first == "," || first == "_" { grouping = characters.removeFirst() }
        if characters.first == "." {
            characters.removeFirst()
            var precisionDigits = ""
            while let first = characters.first, first.isASCII, first.isNumber { precisionDigits.append(characters.removeFirst()) }
            guard let value = Int(precisionDigits), value <= 50 else { throw fail("'.' must be followed by a precision from 0 to 50") }
            precision = value
        }
        if let first = characters.first, "fe%dgs".contains(first) { type = characters.removeFirst() }
        guard characters.isEmpty else { throw fail("unexpected '\(String(characters))'") }
    }

    /// The value formatted by this spec.
    func format(_ value: Value, symbols: SymbolTable) throws -> String {
        guard case .number(let number) = value.decoded else {
            if let type, type != "s" {
                throw Invalid(spec: "\(type)", reason: "'\(type)' formats numbers, found \(value.typeName)")
            }
            return pad(value.displayString(symbols: symbols), numeric: false)
        }
        if type == "s" { return pad(Scalar.format(number: number), numeric: false) }
        var body: String
        let magnitude = abs(number)
        switch type {
        case "f": body = String(format: "%.\(precision ?? 6)f", magnitude)
        case "e": body = String(format: "%.\(precision ?? 6)e", magnitude)
        case "%": body = String(format: "%.\(precision ?? 6)f", magnitude * 100) + "%"
        case "g": body = String(format: "%.\(precision ?? 6)g", magnitude)
        case "d":
            guard number == number.rounded(), magnitude < 1e18 else {
                throw Invalid(spec: "d", reason: "'d' formats whole numbers, found \(Scalar.format(number: number))")
            }
            body = String(Int64(magnitude))
        default:
            body = precision.map { String(format: "%.\($0)f", magnitude) } ?? Scalar.format(number: magnitude)
        }
        if number.isNaN { body = "nan" } else if number.isInfinite { body = "inf" + (type == "%" ? "%" : "") }
        if let grouping, !number.isNaN, !number.isInfinite { body = Self.group(body, with: grouping) }
        let negative = number < 0 || (number == 0 && number.sign == .minus && body.contains(where: { $0 != "0" && $0 != "." }))
        let signText = negative ? "-" : (sign == "+" ? "+" : (sign == " " ? " " : ""))
        if zeroPadded, body.count + signText.count < width {
            body = String(repeating: "0", count: width - body.count - signText.count) + body
        }
        return pad(signText + body, numeric: true)
    }

    /// Inserts the separator every three digits of the whole part.
    static func group(_ body: String, with separator: Character) -> String {
        let digits = body.prefix { $0.isNumber }
        let rest = body.dropFirst(digits.count)
        var grouped = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { grouped.append(separator) }
            grouped.append(digit)
        }
        return grouped + rest
    }

    /// Pads to the width: numbers align right and text left unless an alignment is given.
    func pad(_ text: String, numeric: Bool) -> String {
        let missing = width - text.count
        guard missing > 0 else { return text }
        let filler = { (count: Int) in String(repeating: fill, count: count) }
        switch align ?? (numeric ? ">" : "<") {
        case "<": return text + filler(missing)
        case "^": return filler(missing / 2) + text + filler(missing - missing / 2)
        default: return filler(missing) + text
        }
    }
}

extension Builtins {
    /// `fmt(value, spec)`: numbers and text formatted as Python's `format(value, spec)`.
    static let formatting: [Builtin] = [
        Builtin(BuiltinSignature(
            "fmt", [
                BuiltinParameter("value"),
                BuiltinParameter("spec", types: [.string], doc: "as Python's: \".2f\", \",\", \".1%\", \">8\", \"+.3e\", \"d\""),
            ], returns: .string,
            doc: "the value formatted by a Python-style spec: fmt(3.14159, \".2f\") is \"3.14\"")) { args in
            do {
                return .string(try FormatSpec(try args.string("spec")).format(try args["value"], symbols: args.vm.symbols))
            } catch let invalid as FormatSpec.Invalid {
                throw RuntimeError("invalid format spec \"\(invalid.spec)\": \(invalid.reason)",
                                   hint: "a spec is [[fill]align][sign][width][,][.precision][type], e.g. \">10,.2f\"")
            }
        },
    ]
}
