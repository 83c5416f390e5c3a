import ArgumentParser
import Frontend

/// `lathe add SOURCE[@VERSION]`: adds a dependency to lathe.pkg, then installs.
struct AddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a dependency to lathe.pkg and install it.",
        discussion: """
            SOURCE is a package folder (a path dependency) or a git repository URL. VERSION is \
            a version (1.2.0 or v1.2.0, matched to the repository's tags), another tag, or a \
            commit; without it, the newest version tag. The package's own lathe.pkg gives its name.
            """)

    @Argument(help: ArgumentHelp("A package folder or git URL, with an optional @VERSION.", valueName: "source[@version]"))
    var source: String

    func run() throws {
        let status = PackageInstaller().add(source)
        if status != .success { throw ExitCode(status.rawValue) }
    }
}
