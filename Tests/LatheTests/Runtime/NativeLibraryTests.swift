import Check
import Testing
import Runtime
import VM

/// The library declarations are what the checker, the VM and help read, so they must be
/// complete and consistent: one name per builtin, a doc line on everything, and every kind
/// a signature names declared by some library.
@Suite("Native libraries")
struct NativeLibraryTests {
    @Test func builtinNamesAreUniqueAcrossLibraries() {
        var seen: [String: String] = [:]
        for library in NativeLibrary.all {
            for builtin in library.builtins {
                let name = builtin.signature.name
                #expect(seen[name] == nil, "'\(name)' is declared by both \(seen[name] ?? "") and \(library.name)")
                seen[name] = library.name
            }
        }
    }

    @Test func libraryNamesAreUnique() {
        let names = NativeLibrary.all.map(\.name)
        #expect(Set(names).count == names.count)
    }

    @Test func everyBuiltinHasADocLine() {
        for builtin in Builtins.all {
            #expect(!builtin.signature.doc.isEmpty, "'\(builtin.signature.name)' has no doc line")
            #expect(!builtin.signature.doc.contains("\n"), "'\(builtin.signature.name)' doc is more than one line")
        }
    }

    @Test func everyKindAndFieldIsDocumented() {
        var names: Set<String> = []
        for library in NativeLibrary.all {
            #expect(!library.doc.isEmpty)
            for kind in library.kinds {
                #expect(names.insert(kind.name).inserted, "kind '\(kind.name)' is declared twice")
                #expect(!kind.doc.isEmpty, "kind '\(kind.name)' has no doc")
                var fields: Set<String> = []
                for field in kind.fields {
                    #expect(fields.insert(field.name).inserted, "\(kind.name).\(field.name) is declared twice")
                    #expect(!field.doc.isEmpty, "\(kind.name).\(field.name) has no doc")
                }
            }
        }
    }

    /// A signature that names a kind no library declares would make the checker reject
    /// every call: catch the typo here instead.
    @Test func everyKindASignatureNamesIsDeclared() {
        func check(_ type: ValueType, _ context: String) {
            if case .kind(let name) = type {
                #expect(Builtins.kinds[name] != nil, "\(context) names undeclared kind '\(name)'")
            }
        }
        for builtin in Builtins.all {
            for parameter in builtin.signature.parameters {
                for type in parameter.types { check(type, "\(builtin.signature.name)(\(parameter.name):)") }
            }
            if let returns = builtin.signature.returns { check(returns, "\(builtin.signature.name) result") }
        }
        for kind in Builtins.kinds.values {
            for field in kind.fields { check(field.type, "\(kind.name).\(field.name)") }
            if let data = kind.dataFields { check(data.type, "\(kind.name) data fields") }
        }
    }

    @Test func globalSignaturesCoverEveryGlobalBuiltin() {
        let global = NativeLibrary.all.filter { $0.module == nil }.flatMap(\.builtins)
        #expect(Builtins.signatures.count == global.count)
    }
}
