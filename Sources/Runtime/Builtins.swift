import Check
import Foundation
import IR
import VM

/// The libraries' declarations flattened into the tables the checker, the VM and help read.
public enum Builtins {
    /// Every builtin of every library, global and module-scoped, in library order.
    nonisolated(unsafe) public static let all: [Builtin] = NativeLibrary.all.flatMap(\.builtins)

    /// Signatures of the global builtins, which every script sees without an import.
    public static let signatures: [String: BuiltinSignature] = {
        var table: [String: BuiltinSignature] = [:]
        for library in NativeLibrary.all where library.module == nil {
            for builtin in library.builtins { table[builtin.signature.name] = builtin.signature }
        }
        return table
    }()

    /// The native libraries reached through `import "std/NAME"`, by import path.
    public static let nativeModules: [String: NativeModule] = {
        var table: [String: NativeModule] = [:]
        for library in NativeLibrary.all {
            guard let path = library.module else { continue }
            var natives: [String: BuiltinSignature] = [:]
            for builtin in library.builtins { natives[builtin.signature.name] = builtin.signature }
            table[path] = NativeModule(path: path, natives: natives, source: library.source ?? "")
        }
        return table
    }()

    /// Every kind of library value, by name.
    public static let kinds: [String: ValueKind] = {
        var table: [String: ValueKind] = [:]
        for library in NativeLibrary.all {
            for kind in library.kinds { table[kind.name] = kind }
        }
        return table
    }()
}

extension VM {
    /// A VM for `program` with every library's builtins, as scripts see them.
    public convenience init(program: IRProgram, output: OutputSink = TerminalSink()) {
        self.init(program: program, builtins: Builtins.all, output: output)
    }
}
