import Foundation

/// `lathe new NAME` and `lathe new --script NAME`: a new folder with a manifest
/// (`lathe.pkg`), a README, and either a library module with a test (a package) or a
/// `main.mlx` (a project that uses packages).
public enum PackageScaffold {
    /// Why a folder could not be made.
    public struct Problem: Error {
        public var message: String
        public var hint: String?
    }

    /// Writes the new folder `parent/name` and returns the files made, relative to `parent`.
    public static func create(name: String, script: Bool, in parent: String) throws -> [String] {
        guard PackageManifest.isPackageName(name) else {
            throw Problem(message: "'\(name)' is not a package name",
                          hint: "use lower-case letters, digits and _, starting with a letter, e.g. churn_features")
        }
        let base = parent == "." ? name : (parent.hasSuffix("/") ? parent : parent + "/") + name
        guard !FileManager.default.fileExists(atPath: base) else {
            throw Problem(message: "'\(base)' already exists", hint: "choose another name, or remove the folder first")
        }
        let files = script ? scriptFiles(name) : packageFiles(name)
        do {
            for (path, text) in files {
                let target = base + "/" + path
                try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent,
                                                        withIntermediateDirectories: true)
                try text.write(toFile: target, atomically: true, encoding: .utf8)
            }
        } catch {
            throw Problem(message: "cannot write '\(base)': \(error.localizedDescription)", hint: nil)
        }
        return files.map { "\(name)/\($0.0)" }
    }

    static func packageFiles(_ name: String) -> [(String, String)] {
        [
            (PackageManifest.fileName, """
                {
                  name: "\(name)",
                  version: "0.1.0",
                  description: "",
                  exports: ["\(name)"],
                  dependencies: {},
                }

                """),
            ("\(name).mlx", """
                # The \(name) package. Exported functions (names not starting with _) need a
                # `##` doc line: `lathe doc --check` enforces it.

                ## Says hello to `who`.
                fn greet(who: "world") {
                  return "hello, ${who}"
                }

                """),
            ("tests/\(name)_test.mlx", """
                # Run with `lathe test` in the package folder.
                import "../\(name).mlx" as \(name)

                fn test_greet() {
                  assert(\(name).greet() == "hello, world")
                  assert(\(name).greet(who: "lathe") == "hello, lathe")
                }

                """),
            ("README.md", """
                # \(name)

                A Lathe package. `lathe test` runs its tests, `lathe doc` writes its docs to
                `docs/`, and `lathe doc --check` fails on an exported function without a `##`
                doc line.

                """),
        ]
    }

    static func scriptFiles(_ name: String) -> [(String, String)] {
        [
            (PackageManifest.fileName, """
                {
                  name: "\(name)",
                  version: "0.1.0",
                  description: "",
                  dependencies: {},
                }

                """),
            ("main.mlx", """
                # The \(name) project. Run it with `lathe run main.mlx`.
                print("hello from \(name)")

                """),
            ("README.md", """
                # \(name)

                A Lathe project: `lathe run main.mlx`. Its manifest, `lathe.pkg`, lists the
                packages it depends on.

                """),
        ]
    }
}
