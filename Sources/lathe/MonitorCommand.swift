import ArgumentParser
import Foundation
import Frontend

/// `lathe monitor`: a registered model on new data, for CI gates.
struct MonitorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor", abstract: "Check a registered model for drift on a CSV file or a folder of batch files.",
        discussion: """
            Compares DATA (a CSV file, or every *.csv of a folder in name order, one batch each) with the \
            reference sample kept when the model was registered: feature drift, prediction drift, and \
            the registered metrics when DATA has the target column. Each result is stored in the model's \
            monitor history. Exit status: 0 no drift, 3 drift (in the data or the predictions, or a \
            metric outside its tolerance, in any batch), 64 bad arguments, 65 unreadable data, \
            66 no workspace or no such file, 70 other errors.
            """)

    @Argument(help: "NAME, NAME:VERSION or NAME@ALIAS") var model: String
    @Argument(help: "A CSV file, or a folder of CSV files (one batch each).") var data: String
    @Flag(help: "Print the report as JSON.") var json = false
    @Option(help: "Also write a self-contained HTML report to this file.") var html: String?
    @Option(help: "Force one test: ks, chi2, z, wasserstein, js, psi, kl or hellinger.") var method: String?
    @Option(help: "The drift threshold for every column.") var threshold: Double?
    @Option(name: .customLong("drift-share"), help: "Share of drifted columns that makes the dataset drifted (default 0.5).")
    var driftShare: Double?

    func run() throws {
        var runner = MonitorRunner(reference: model, data: data)
        runner.json = json
        runner.html = html
        runner.method = method
        runner.threshold = threshold
        runner.driftShare = driftShare
        let status = runner.run()
        if status != 0 { throw ExitCode(status) }
    }
}
