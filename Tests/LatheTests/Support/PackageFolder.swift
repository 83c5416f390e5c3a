import Foundation

/// A new temporary folder named `name` holding `files` (path → source), for tests of the
/// package commands (`lathe test`, `lathe doc`). Remove `url.deletingLastPathComponent()`.
func makePackageFolder(_ files: [String: String], name: String = "package") -> URL {
    let dir = makeTemporaryDirectory(prefix: "lathe-package").appendingPathComponent(name)
    for (path, source) in files {
        let url = dir.appendingPathComponent(path)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? source.write(to: url, atomically: true, encoding: .utf8)
    }
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

/// Runs the `lathe` binary in `dir`, with a store of its own there.
func runLathe(_ arguments: [String], in dir: URL) -> LatheResult {
    LatheBinary.run(arguments: arguments, stdin: nil,
                    environment: ["LATHE_HOME": dir.appendingPathComponent(".lathe-home").path],
                    cwd: dir, interruptAfter: nil, timeout: 60)
}
