import ArgumentParser
import Frontend

/// `lathe new [--script] NAME`: scaffolds a package (or a project that uses packages).
struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new", abstract: "Make a new package (or, with --script, a project) in the folder NAME.",
        discussion: """
            A package gets lathe.pkg (its manifest), NAME.mlx with one documented function, \
            tests/NAME_test.mlx and a README. --script makes lathe.pkg, main.mlx and a README.
            """)

    @Flag(help: "Make a project that runs scripts and uses packages, not a package.")
    var script = false

    @Argument(help: "The new folder's name, which is also the package name.")
    var name: String

    func run() throws {
        do {
            let files = try PackageScaffold.create(name: name, script: script, in: ".")
            CommandStreams.output(files.map { "created \($0)\n" }.joined())
        } catch let problem as PackageScaffold.Problem {
            CommandStreams.error("error: \(problem.message)\n" + (problem.hint.map { "  hint: \($0)\n" } ?? ""))
            throw ExitCode(ExitStatus.usage.rawValue)
        }
    }
}
