import Data
import Store

/// Runs as a table for `runs()`: one row a run, the attributes first, then a column per
/// parameter (`params.C`), metric (`metrics.f1`) and tag (`tags.team`) any of them has.
enum RunTable {
    static func columns(_ runs: [RunRecord]) -> [Column] {
        var columns: [Column] = [
            .integers("id", runs.map(\.id)),
            .strings("kind", runs.map(\.kind)),
            .strings("name", runs.map(\.name)),
            .strings("status", runs.map(\.status.rawValue)),
            .strings("started", runs.map { Builtins.time($0.startedAt) }),
            .numeric("duration", runs.map { $0.duration ?? .nan }),
            .integers("parent", runs.map(\.parentID)),
        ]
        for name in Set(runs.flatMap { $0.params.map(\.name) }).sorted() {
            columns.append(.strings("params.\(name)", runs.map { $0.param(name) }))
        }
        for name in Set(runs.flatMap { $0.metrics.map(\.name) }).sorted() {
            columns.append(.numeric("metrics.\(name)", runs.map { $0.metric(name) ?? .nan }))
        }
        for name in Set(runs.flatMap { $0.tags.map(\.name) }).sorted() {
            columns.append(.strings("tags.\(name)", runs.map { $0.tag(name) }))
        }
        return columns
    }
}
