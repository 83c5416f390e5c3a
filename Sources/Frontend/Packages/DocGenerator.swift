import Foundation
import LatheCore
import Syntax

/// `lathe doc`: the exported functions of a package (its `.mlx` files outside `tests/` and
/// `docs/`), each with its signature and the `##` doc comment lines above its `fn`, as one
/// Markdown file and one self-contained HTML page. `--check` fails on an exported function
/// (a top-level `fn` whose name does not start with `_`) without a doc line.
public struct DocGenerator {
    /// One documented function.
    struct Entry {
        var module: String
        var name: String
        var signature: String
        var doc: [String]
        var path: String
        var line: Int
        var column: Int
    }

    public var scripts: ScriptRunner
    public var report: (String) -> Void

    public init(scripts: ScriptRunner = ScriptRunner(), report: @escaping (String) -> Void = { CommandStreams.output($0) }) {
        self.scripts = scripts
        self.report = report
    }

    /// Writes `<out>/<package>.md` and `<out>/<package>.html` for the package at `folder`
    /// (`out` defaults to `<folder>/docs`), or with `check` only reports undocumented exports.
    public func run(folder: String, check: Bool, out: String?) -> ExitStatus {
        let files: [String]
        do {
            files = try DocGenerator.moduleFiles(in: folder)
        } catch let problem as TestRunner.DiscoveryProblem {
            scripts.fail(problem.message, hint: problem.hint)
            return .noInput
        } catch {
            scripts.fail("\(error)")
            return .noInput
        }
        var entries: [Entry] = []
        for (index, path) in files.enumerated() {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                scripts.fail("cannot read '\(path)'")
                return .noInput
            }
            let module = String(path.dropFirst(folder == "." ? 0 : folder.count + (folder.hasSuffix("/") ? 0 : 1)).dropLast(4))
            let (found, parsed) = DocGenerator.entries(module: module, path: path, text: text, fileID: Int32(index))
            guard parsed else {
                scripts.fail("'\(path)' has syntax errors", hint: "lathe check \(path) shows them")
                return .compileError
            }
            entries += found
        }
        if check {
            let missing = entries.filter { $0.doc.isEmpty }
            for entry in missing {
                scripts.errorStream("\(entry.path):\(entry.line):\(entry.column): error: exported function '\(entry.name)' has no doc comment\n"
                                    + "  hint: add a line starting with '##' right above 'fn \(entry.name)', or name it '_\(entry.name)' to keep it private\n")
            }
            report("\(entries.count - missing.count) of \(entries.count) exported functions documented\n")
            return missing.isEmpty ? .success : .testsFailed
        }
        let package: String
        do {
            package = try DocGenerator.packageName(folder)
        } catch let problem as PackageManifest.Problem {
            scripts.errorStream("\(problem.path):\(problem.line):\(problem.column): error: \(problem.message)\n"
                                + (problem.hint.map { "  hint: \($0)\n" } ?? ""))
            return .compileError
        } catch {
            scripts.fail("\(error)")
            return .compileError
        }
        let target = out ?? (folder == "." ? "docs" : (folder.hasSuffix("/") ? folder : folder + "/") + "docs")
        do {
            try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
            try DocGenerator.markdown(package: package, entries: entries).write(toFile: "\(target)/\(package).md", atomically: true, encoding: .utf8)
            try DocGenerator.html(package: package, entries: entries).write(toFile: "\(target)/\(package).html", atomically: true, encoding: .utf8)
        } catch {
            scripts.fail("cannot write the docs in '\(target)': \(error.localizedDescription)")
            return .ioError
        }
        report("wrote \(target)/\(package).md and \(target)/\(package).html (\(entries.count) functions)\n")
        return .success
    }

    /// The manifest's name when the folder has one (a manifest that does not read is an
    /// error, not a silent fallback), else the folder's name.
    static func packageName(_ folder: String) throws -> String {
        let manifestPath = (folder.hasSuffix("/") ? folder : folder + "/") + PackageManifest.fileName
        if FileManager.default.fileExists(atPath: manifestPath) { return try PackageManifest.load(folder: folder).name }
        let absolute = folder.hasPrefix("/") ? folder : FileManager.default.currentDirectoryPath + "/" + folder
        let parts = absolute.split(separator: "/").filter { $0 != "." }
        return parts.last.map(String.init) ?? "package"
    }

    /// The package's module files, sorted: `.mlx` files at any depth, except under `tests/`,
    /// `docs/` and hidden folders.
    static func moduleFiles(in folder: String) throws -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw TestRunner.DiscoveryProblem(message: "no such folder '\(folder)'", hint: "lathe doc takes a package folder")
        }
        let base = folder == "." ? "" : (folder.hasSuffix("/") ? folder : folder + "/")
        var found: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let relative = enumerator?.nextObject() as? String {
            let first = relative.split(separator: "/").first.map(String.init) ?? relative
            if first == "tests" || first == "docs" || relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            if relative.hasSuffix(".mlx") { found.append(base + relative) }
        }
        if found.isEmpty { throw TestRunner.DiscoveryProblem(message: "no .mlx modules in '\(folder)'", hint: nil) }
        return found.sorted()
    }

    /// The exported functions of one module and whether it parsed.
    static func entries(module: String, path: String, text: String, fileID: Int32) -> ([Entry], Bool) {
        let file = SourceFile(id: fileID, path: path, text: text)
        let (program, diagnostics, _) = Parser.parse(file: file)
        if diagnostics.contains(where: \.isError) { return ([], false) }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var result: [Entry] = []
        for statement in program.statements {
            guard case .function(let declaration) = statement.kind, let name = declaration.name, !name.name.hasPrefix("_") else { continue }
            let parameters = declaration.parameters.map { parameter -> String in
                guard let value = parameter.defaultValue else { return parameter.name.name }
                let start = Int(value.span.start), end = Int(value.span.end)
                let source = String(decoding: file.bytes[start..<end], as: UTF8.self)
                return "\(parameter.name.name): \(source)"
            }
            let lineIndex = file.lineIndex(of: Int(declaration.span.start))
            var doc: [String] = []
            var above = lineIndex - 1
            while above >= 0 {
                let trimmed = lines[above].trimmingCharacters(in: .whitespaces)
                guard trimmed.hasPrefix("##") else { break }
                var body = String(trimmed.dropFirst(2))
                if body.hasPrefix(" ") { body.removeFirst() }
                doc.insert(body, at: 0)
                above -= 1
            }
            let column = Int(declaration.span.start) - file.lineStarts[lineIndex] + 1
            result.append(Entry(module: module, name: name.name, signature: "\(name.name)(\(parameters.joined(separator: ", ")))",
                                doc: doc, path: path, line: lineIndex + 1, column: column))
        }
        return (result, true)
    }

    /// The entries grouped by module, in order.
    static func byModule(_ entries: [Entry]) -> [(module: String, entries: [Entry])] {
        var groups: [(module: String, entries: [Entry])] = []
        for entry in entries {
            if groups.last?.module == entry.module {
                groups[groups.count - 1].entries.append(entry)
            } else {
                groups.append((entry.module, [entry]))
            }
        }
        return groups
    }

    static func markdown(package: String, entries: [Entry]) -> String {
        var out = "# \(package)\n\n"
        for group in byModule(entries) {
            out += "## `\(package)/\(group.module)`\n\n"
            for entry in group.entries {
                out += "### `\(entry.signature)`\n\n"
                out += entry.doc.isEmpty ? "_Undocumented._\n\n" : entry.doc.joined(separator: "\n") + "\n\n"
            }
        }
        return out
    }

    static func html(package: String, entries: [Entry]) -> String {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        var body = ""
        for group in byModule(entries) {
            body += "<h2><code>\(escape(package))/\(escape(group.module))</code></h2>\n"
            for entry in group.entries {
                body += "<section id=\"\(escape(entry.module))-\(escape(entry.name))\"><h3><code>\(escape(entry.signature))</code></h3>\n"
                body += entry.doc.isEmpty ? "<p><em>Undocumented.</em></p>\n" : "<p>\(entry.doc.map(escape).joined(separator: "<br>\n"))</p>\n"
                body += "</section>\n"
            }
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(escape(package))</title>
            <style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
            code{font-family:ui-monospace,monospace;background:#f3f3f3;padding:0 .2em}h3{margin-bottom:.2rem}</style>
            </head><body>
            <h1>\(escape(package))</h1>
            \(body)</body></html>

            """
    }
}
