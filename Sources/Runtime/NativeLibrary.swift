import Check
import VM

/// One library as the language sees it, declared in one value: its builtins (each with its
/// signature), the kinds of value it returns with their fields, and whether it is global or
/// reached through `import "std/NAME"`. Lua declares a library the same way, with one
/// `luaL_Reg` table per library and `linit.c` listing them; Lathe's list is
/// `NativeLibrary.all`. The checker, the VM, `lathe builtins` and `:help` all read these.
///
/// Errors need no entry here: a library's errors conform to `LibraryError`, and the
/// Runtime turns any of them into a diagnostic in one place (`RuntimeError.wrapping`).
public struct NativeLibrary {
    /// Short lowercase name: "data", "ml".
    public let name: String
    /// One line for `lathe builtins`.
    public let doc: String
    /// nil when the builtins are global; "std/NAME" when a script reaches them with
    /// `import "std/NAME" as m` and calls `m.fn(…)`.
    public let module: String?
    /// The module's half written in Lathe, compiled as the module's source (Wren's optional
    /// modules are built the same way); its functions may call the native builtins by name.
    public let source: String?
    public let builtins: [Builtin]
    /// The kinds of library value this library makes.
    public let kinds: [ValueKind]

    public init(
        name: String, doc: String, module: String? = nil, source: String? = nil,
        builtins: [Builtin], kinds: [ValueKind] = []
    ) {
        self.name = name
        self.doc = doc
        self.module = module
        self.source = source
        self.builtins = builtins
        self.kinds = kinds
    }
}
