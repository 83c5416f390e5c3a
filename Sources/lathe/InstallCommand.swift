import ArgumentParser
import Frontend

/// `lathe install [--frozen]`: fetches the project's dependencies and writes lathe.lock.
struct InstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install", abstract: "Fetch the project's dependencies into .lathe/packages and write lathe.lock.",
        discussion: """
            Reads lathe.pkg (in the current folder or the nearest one above), fetches each \
            dependency from its path or git repository, resolves versions by minimal version \
            selection, copies each package into .lathe/packages/NAME@VERSION and records its \
            commit and sha256 in lathe.lock. When lathe.lock and the cache already agree with \
            lathe.pkg, nothing is fetched. --frozen fails (exit 65) instead of changing lathe.lock.
            """)

    @Flag(help: "Fail if lathe.lock would change (for CI).")
    var frozen = false

    func run() throws {
        let status = PackageInstaller().install(frozen: frozen)
        if status != .success { throw ExitCode(status.rawValue) }
    }
}
