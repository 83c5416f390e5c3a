import ArgumentParser
import Foundation
import Frontend
import Store

/// `lathe runs …`: tracked runs from the command line.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "List, show, compare and delete tracked runs.",
        subcommands: [List.self, Show.self, Compare.self, Delete.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List runs, newest first.",
            discussion: """
                --where takes the run-query language: metrics.NAME, params.NAME, tags.NAME and the \
                attributes id, kind, name, status, script, started_at, ended_at, duration, parent, \
                combined with and, or, not, parentheses, comparisons, like and in. Example: \
                --where "metrics.accuracy > 0.9 or params.model = 'boost'" --order -metrics.f1
                """)
        @Option(name: .customLong("where"), help: "A filter, e.g. \"metrics.accuracy > 0.9\".") var filter: String?
        @Option(help: "Sort keys, e.g. \"-metrics.f1\" (default: newest first).") var order: String?
        @Option(help: "At most this many runs.") var limit: Int = 50
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try StoreCommandSupport.withStore { store in
                let runs = try store.searchRuns(where: filter, order: order, limit: max(0, limit))
                if json {
                    StoreCommandSupport.printJSON(runs.map(RunsCommand.describe))
                    return
                }
                var table = TextTable(["ID", "KIND", "NAME", "STATUS", "STARTED", "DURATION", "METRICS"])
                for run in runs {
                    table.add([String(run.id), run.kind, run.name, run.status.rawValue, StoreCommandSupport.time(run.startedAt),
                               run.duration.map { String(format: "%.3fs", $0) } ?? "-",
                               run.metrics.prefix(3).map { "\($0.name)=\(StoreCommandSupport.number($0.value))" }.joined(separator: " ")])
                }
                CommandStreams.output(runs.isEmpty ? "no runs\n" : table.render())
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one run: attributes, params, metrics, tags, datasets, children.")
        @Argument(help: "The run's id (or uuid).") var id: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try StoreCommandSupport.withStore { store in
                let run = try store.run(id)
                let children = try store.children(of: run.id)
                if json {
                    var object = RunsCommand.describe(run)
                    object["children"] = children.map { $0.id }
                    StoreCommandSupport.printJSON(object)
                    return
                }
                var text = "run \(run.id) (\(run.uuid))\n  kind: \(run.kind)\n  name: \(run.name)\n  status: \(run.status.rawValue)\n"
                text += "  started: \(StoreCommandSupport.time(run.startedAt))\n"
                if let duration = run.duration { text += "  duration: \(String(format: "%.3f", duration)) s\n" }
                if let parent = run.parentID { text += "  parent: \(parent)\n" }
                if let script = run.script {
                    text += "  script: \(script.path)\n  source sha256: \(script.sourceHash)\n"
                    if let commit = script.gitCommit { text += "  git commit: \(commit)\n" }
                }
                func section(_ title: String, _ pairs: [(String, String)]) {
                    guard !pairs.isEmpty else { return }
                    text += "  \(title):\n" + pairs.map { "    \($0.0) = \($0.1)\n" }.joined()
                }
                section("params", run.params.map { ($0.name, $0.value) })
                section("metrics", run.metrics.map { ($0.name, StoreCommandSupport.number($0.value)) })
                section("tags", run.tags.map { ($0.name, $0.value) })
                section("datasets", run.datasets.map { ($0.role, "\($0.fingerprint) (\($0.rows) rows\($0.source.map { ", \($0)" } ?? ""))") })
                section("children", children.map { (String($0.id), "\($0.kind) \($0.name) \($0.status.rawValue)") })
                CommandStreams.output(text)
            }
        }
    }

    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Parameters and metrics of runs side by side.")
        @Argument(help: "Two or more run ids.") var ids: [String]
        @Flag(help: "Only the rows that differ.") var diff = false
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            guard ids.count >= 2 else { throw ValidationError("compare needs at least two run ids") }
        }

        func run() throws {
            try StoreCommandSupport.withStore { store in
                let runs = try ids.map { try store.run($0) }
                var rows: [(section: String, name: String, values: [String?])] = []
                for name in Set(runs.flatMap { $0.params.map(\.name) }).sorted() {
                    rows.append(("params", name, runs.map { $0.param(name) }))
                }
                for name in Set(runs.flatMap { $0.metrics.map(\.name) }).sorted() {
                    rows.append(("metrics", name, runs.map { $0.metric(name).map(StoreCommandSupport.number) }))
                }
                if diff { rows = rows.filter { Set($0.values.map { $0 ?? "\u{0}" }).count > 1 } }
                if json {
                    StoreCommandSupport.printJSON([
                        "runs": runs.map(\.id),
                        "rows": rows.map { ["section": $0.section, "name": $0.name, "values": $0.values.map { $0 ?? NSNull() as Any }] },
                    ] as [String: Any])
                    return
                }
                var table = TextTable(["", ""] + runs.map { "run \($0.id)" })
                for row in rows { table.add([row.section, row.name] + row.values.map { $0 ?? "-" }) }
                CommandStreams.output(rows.isEmpty ? (diff ? "no differences\n" : "nothing to compare\n") : table.render())
            }
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete runs with their children, metrics, params and tags.")
        @Argument(help: "Run ids.") var ids: [String]

        func run() throws {
            try StoreCommandSupport.withStore { store in
                let numbers = try ids.map { try store.run($0).id }
                let count = try store.deleteRuns(numbers)
                CommandStreams.output("deleted \(count) run\(count == 1 ? "" : "s")\n")
            }
        }
    }

    static func describe(_ run: RunRecord) -> [String: Any] {
        [
            "id": run.id, "uuid": run.uuid, "parent": run.parentID.map { $0 as Any } ?? NSNull(), "kind": run.kind, "name": run.name,
            "status": run.status.rawValue, "started_at": run.startedAt, "ended_at": run.endedAt.map { $0 as Any } ?? NSNull(),
            "script": run.script?.path ?? NSNull(), "source_hash": run.script?.sourceHash ?? NSNull(),
            "git_commit": run.script?.gitCommit ?? NSNull(), "user": run.user ?? NSNull(),
            "params": Dictionary(uniqueKeysWithValues: run.params.map { ($0.name, $0.value) }),
            "metrics": Dictionary(uniqueKeysWithValues: run.metrics.map { ($0.name, StoreCommandSupport.json($0.value)) }),
            "tags": Dictionary(uniqueKeysWithValues: run.tags.map { ($0.name, $0.value) }),
            "datasets": run.datasets.map { ["fingerprint": $0.fingerprint, "role": $0.role, "rows": $0.rows, "source": $0.source ?? NSNull()] as [String: Any] },
        ]
    }
}
