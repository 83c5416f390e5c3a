import ArgumentParser
import Frontend

/// `lathe packages`: the project's locked dependency tree.
struct PackagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "packages", abstract: "Print the project's dependency tree, with versions, from lathe.lock.")

    func run() throws {
        let status = PackageInstaller().tree()
        if status != .success { throw ExitCode(status.rawValue) }
    }
}
