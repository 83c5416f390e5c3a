import ArgumentParser
import Frontend

/// `lathe update [NAME]`: moves git dependencies to their newest compatible tag.
struct UpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Move dependencies to their newest tag of the same major version, and re-lock.",
        discussion: """
            For each direct git dependency required at a version tag (or only NAME), finds the \
            repository's newest version tag with the same major version, writes it into \
            lathe.pkg and installs. Path and commit dependencies are left as they are.
            """)

    @Argument(help: "The dependency to update (default: all).")
    var name: String?

    func run() throws {
        let status = PackageInstaller().update(name)
        if status != .success { throw ExitCode(status.rawValue) }
    }
}
