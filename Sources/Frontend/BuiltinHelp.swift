import Runtime

/// The builtin reference, rendered from the one signature table (`Builtins.all`).
public enum BuiltinHelp {
    public static func table(matching filter: String? = nil) -> String {
        let rows = Builtins.all
            .filter { filter == nil || $0.signature.name.contains(filter!) }
            .map { builtin -> String in
                let synopsis = builtin.signature.synopsis
                let effect = builtin.signature.effect == .pure ? "" : " [\(builtin.signature.effect)]"
                return synopsis.padding(toLength: max(synopsis.count, 44), withPad: " ", startingAt: 0)
                    + " " + builtin.signature.doc + effect
            }
        return rows.joined(separator: "\n")
    }
}

import Foundation
