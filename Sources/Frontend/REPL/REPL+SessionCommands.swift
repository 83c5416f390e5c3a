import Foundation
import IR

/// The meta-commands that read the session's def/use graph: `:who`, `:rerun`, `:save`, and
/// `:ir`, which compiles an input against the session's names without running it.
extension REPL {
    func who() {
        let bindings = session.bindings
        let unrestored = tracker.unrestored.keys.filter { name in !bindings.contains { $0.name == name } }.sorted()
        if bindings.isEmpty && unrestored.isEmpty {
            output("no bindings yet\n")
            return
        }
        let width = max(4, (bindings.map(\.name.count) + unrestored.map(\.count)).max() ?? 0)
        let now = Date()
        func line(_ name: String, type: String, kind: String, origin: String) -> String {
            var text = name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                + type.padding(toLength: 10, withPad: " ", startingAt: 0) + "  "
                + kind.padding(toLength: 5, withPad: " ", startingAt: 0) + "  " + origin
            if let made = tracker.graph.current[name].flatMap({ tracker.graph.definitions[$0] })?.madeAt {
                text += "  " + Self.age(since: made, now: now)
            }
            if let reason = tracker.graph.staleness(of: name) { text += "  stale: \(reason)" }
            return text + "\n"
        }
        for binding in bindings {
            let cell: Int?
            if let definition = tracker.graph.current[binding.name].flatMap({ tracker.graph.definitions[$0] }) {
                cell = definition.cell
            } else {
                cell = binding.cell > 0 ? binding.cell : nil
            }
            output(line(binding.name, type: binding.value.map(\.typeName) ?? "unset", kind: binding.kind.rawValue,
                        origin: cell.map { "from input \($0)" } ?? "restored"))
        }
        for name in unrestored {
            output(line(name, type: tracker.unrestored[name] ?? "?", kind: "", origin: "not restored"))
        }
    }

    /// "just now", "42s ago", "3m ago", "5h ago", "2d ago".
    static func age(since time: Date, now: Date) -> String {
        let seconds = max(0, Int(now.timeIntervalSince(time)))
        switch seconds {
        case ..<5: return "just now"
        case ..<60: return "\(seconds)s ago"
        case ..<3600: return "\(seconds / 60)m ago"
        case ..<86400: return "\(seconds / 3600)h ago"
        default: return "\(seconds / 86400)d ago"
        }
    }

    /// Runs again the cells that made `name` and its stale ancestors, oldest first.
    func rerun(_ name: String) {
        let name = name.trimmingBlanks()
        guard tracker.graph.current[name] != nil else {
            fail("no binding '\(name)' to recompute", hint: ":who lists the bindings")
            return
        }
        guard tracker.graph.staleness(of: name) != nil else {
            output("'\(name)' is up to date\n")
            return
        }
        let plan = tracker.graph.rerunPlan(for: name)
        for unit in plan {
            guard case .ran = submit(tracker.graph.units[unit].source, keepsResult: false) else {
                fail("'\(name)' was not recomputed: a cell it needs failed")
                return
            }
        }
        output("recomputed '\(name)' (\(plan.count) cell\(plan.count == 1 ? "" : "s") run again)\n")
    }

    /// Writes the cells that make the live bindings, in the order they ran, as a script.
    func save(to path: String) {
        let path = path.trimmingBlanks()
        let units = tracker.graph.scriptUnits()
        var header = ["Saved from a lathe session: the cells that make its \(tracker.graph.current.count) binding"
            + (tracker.graph.current.count == 1 ? "" : "s") + ", in the order they ran."]
        let failed = tracker.graph.namesFromFailedCells
        if !failed.isEmpty { header.append("Not included (their input failed): \(failed.joined(separator: ", "))") }
        let stale = tracker.staleNames
        if !stale.isEmpty { header.append("Stale in the session, reproduced as they are: \(stale.joined(separator: ", "))") }
        let text = SessionScript.render(cells: units.map { tracker.graph.units[$0].source }, header: header)
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            output("saved \(units.count) cell\(units.count == 1 ? "" : "s") to \(path)\n")
        } catch {
            fail("cannot write '\(path)': \(error.localizedDescription)")
        }
    }

    /// Prints the IR the input compiles to, without running it.
    func showIR(_ text: String) {
        switch session.ir(of: text) {
        case .success(let rendered): output(rendered)
        case .failure(let diagnostics): errorOutput(diagnostics.text)
        }
    }
}

extension SessionTracker.Restored {
    /// "restored 3 bindings, 1 stale".
    var banner: String {
        "restored \(restored) binding\(restored == 1 ? "" : "s"), \(stale) stale" + (stale > 0 ? " (:who lists them, :rerun NAME recomputes one)" : "")
    }
}
