import Foundation
import Store

/// The session's def/use graph: which cell made each binding, from which earlier bindings,
/// and so which bindings are stale. It holds no values (the `REPLSession` does), only facts,
/// so the REPL, the store and `:save` reason about the same thing.
///
/// A definition is one binding made by one cell (a name declared twice is two definitions).
/// It is stale when it could not be kept (`problem`: no saved form, its files changed, the
/// runtime changed), when a definition it read has since been replaced by a later cell, or
/// when a definition it read is stale. Reading an older definition of one's own name in the
/// same cell (`let x = x + 1`) is not a replacement: that cell is what replaced it.
struct SessionGraph {
    /// One cell as the graph knows it: its source, run again by `:rerun` and written by `:save`.
    struct Unit: Equatable {
        var source: String
        var succeeded: Bool
    }

    /// One binding made by one cell.
    struct Definition: Equatable {
        var name: String
        var unit: Int
        /// The REPL input number in this session that made it; nil when restored from an earlier one.
        var cell: Int?
        /// The definitions the cell read (ids into `definitions`).
        var inputs: [Int]
        /// The provenance hashes of those inputs as they were read, and the other inputs' tokens
        /// (file fingerprints, runtime version), in the order the provenance hashed them.
        var inputProvenances: [(name: String, provenance: String)]
        var externalInputs: [String]
        var provenance: String
        /// Why it is stale on its own account, if it is.
        var problem: String?
        /// A function: it reads bindings by reference, so it sees their in-place changes and
        /// goes stale only when one is declared again.
        var readsByReference = false
        /// Made by a cell that changed the binding in place rather than declaring it.
        var isMutation = false
        var madeAt: Date

        static func == (lhs: Definition, rhs: Definition) -> Bool {
            lhs.name == rhs.name && lhs.unit == rhs.unit && lhs.cell == rhs.cell && lhs.inputs == rhs.inputs
                && lhs.provenance == rhs.provenance && lhs.problem == rhs.problem
        }
    }

    private(set) var units: [Unit] = []
    private(set) var definitions: [Int: Definition] = [:]
    private var nextID = 0
    /// The newest definition of each name.
    private(set) var current: [String: Int] = [:]
    /// For a replaced definition, the one that replaced it.
    private var replacedBy: [Int: Int] = [:]

    /// A definition's provenance: its cell's source, the provenances of what it read and the
    /// tokens of its other inputs. Equal provenances mean the same computation on the same inputs.
    static func provenance(source: String, inputs: [String], external: [String]) -> String {
        SessionBinding.provenance(source: source, inputs: inputs + external)
    }

    /// Records a cell that ran: the names it read (resolved to their newest definitions now)
    /// and the names it defined. A binding the cell changed in place (`count += 1` on a `var`,
    /// `push(xs, 1)`) counts as defined and read by it (the caller adds it to both). `external` are its other
    /// inputs' tokens (file fingerprints, runtime version). Returns the new ids.
    @discardableResult
    mutating func record(source: String, cell: Int?, reads: Set<String>, defines: [String], succeeded: Bool,
                         external: [String] = [], functions: Set<String> = [], mutated: Set<String> = [],
                         at time: Date = Date()) -> [Int] {
        let unit = units.count
        units.append(Unit(source: source, succeeded: succeeded))
        let inputs = reads.compactMap { current[$0] }.sorted()
        let inputProvenances: [(name: String, provenance: String)] = inputs.compactMap { id in definitions[id].map { (name: $0.name, provenance: $0.provenance) } }
        let provenance = Self.provenance(source: source, inputs: inputProvenances.map(\.provenance), external: external)
        return defines.map { name in
            add(Definition(name: name, unit: unit, cell: cell, inputs: inputs, inputProvenances: inputProvenances,
                           externalInputs: external, provenance: provenance, problem: nil,
                           readsByReference: functions.contains(name), isMutation: mutated.contains(name), madeAt: time))
        }
    }

    /// Adds a definition restored from an earlier session, in the order they were made; its
    /// inputs are the current definitions of the names it read (other than itself).
    /// `unitKey` groups the definitions one earlier cell made.
    @discardableResult
    mutating func restore(name: String, source: String, unitKey: Int, inputs: [(name: String, provenance: String)],
                          external: [String], provenance: String, problem: String?, madeAt: Date,
                          isFunction: Bool = false, restoredUnits: inout [Int: Int]) -> Int {
        let unit: Int
        if let known = restoredUnits[unitKey] {
            unit = known
        } else {
            unit = units.count
            units.append(Unit(source: source, succeeded: true))
            restoredUnits[unitKey] = unit
        }
        var problem = problem
        var ids: [Int] = []
        for input in inputs where input.name != name {
            guard let id = current[input.name], let found = definitions[id] else {
                problem = problem ?? "'\(input.name)' was not saved"
                continue
            }
            if found.provenance != input.provenance { problem = problem ?? "'\(input.name)' changed" }
            ids.append(id)
        }
        return add(Definition(name: name, unit: unit, cell: nil, inputs: ids.sorted(), inputProvenances: inputs,
                              externalInputs: external, provenance: provenance, problem: problem,
                              readsByReference: isFunction, madeAt: madeAt))
    }

    private mutating func add(_ definition: Definition) -> Int {
        let id = nextID
        nextID += 1
        definitions[id] = definition
        if let previous = current[definition.name] { replacedBy[previous] = id }
        current[definition.name] = id
        return id
    }

    /// Marks the current definition of `name` stale for `reason` (a value that could not be restored).
    mutating func markProblem(_ name: String, _ reason: String) {
        guard let id = current[name] else { return }
        definitions[id]?.problem = reason
    }

    /// Clears the problem of the current definition of `name` (a function compiled again on restore).
    mutating func clearProblem(_ name: String) {
        guard let id = current[name] else { return }
        definitions[id]?.problem = nil
    }

    /// Forgets everything (`:reset`).
    mutating func reset() { self = SessionGraph() }

    /// Forgets the current definition of `name` (it is no longer a binding).
    mutating func forget(_ name: String) { current[name] = nil }

    /// Whether `input`, read by `reader`, was replaced since by another cell. A function
    /// reader sees in-place changes, so for it only a new declaration replaces.
    private func replaced(_ input: Int, readBy reader: Definition) -> String? {
        var id = input
        while let next = replacedBy[id], let replacer = definitions[next] {
            if replacer.unit == reader.unit { return nil }
            if !(reader.readsByReference && replacer.isMutation) {
                return replacer.isMutation ? "'\(replacer.name)' changed" : "'\(replacer.name)' was redefined"
            }
            id = next
        }
        return nil
    }

    /// Why the definition `id` is stale, or nil when it is not.
    func staleness(_ id: Int) -> String? {
        var memo: [Int: String?] = [:]
        return staleness(id, memo: &memo)
    }

    private func staleness(_ id: Int, memo: inout [Int: String?]) -> String? {
        if let known = memo[id] { return known }
        memo[id] = .some(nil)  // a cycle (impossible: inputs are older) reads as fresh
        guard let definition = definitions[id] else { return nil }
        var reason = definition.problem
        if reason == nil {
            for input in definition.inputs {
                guard let read = definitions[input] else { continue }
                if let replacement = replaced(input, readBy: definition) {
                    reason = replacement
                } else if staleness(input, memo: &memo) != nil {
                    reason = "'\(read.name)' is stale"
                }
                if reason != nil { break }
            }
        }
        memo[id] = .some(reason)
        return reason
    }

    /// Why the binding `name` is stale, or nil when it is fresh (or unknown).
    func staleness(of name: String) -> String? {
        current[name].flatMap { staleness($0) }
    }

    /// The current names that are stale, sorted.
    var staleNames: [String] {
        var memo: [Int: String?] = [:]
        return current.filter { staleness($0.value, memo: &memo) != nil }.map(\.key).sorted()
    }

    /// The cells to run again, oldest first, to recompute `name` with its stale ancestors: for
    /// each input, what running the cell again would read (the newest definition of that
    /// name, or for its own name the older one), if stale, before the cell itself.
    func rerunPlan(for name: String) -> [Int] {
        guard let id = current[name] else { return [] }
        var plan: [Int] = []
        var visiting: Set<Int> = []
        addToPlan(id, &plan, &visiting)
        return plan
    }

    private func addToPlan(_ id: Int, _ plan: inout [Int], _ visiting: inout Set<Int>) {
        guard let definition = definitions[id], visiting.insert(id).inserted else { return }
        for input in definition.inputs {
            guard let read = definitions[input] else { continue }
            let sameCell = replacedBy[input].flatMap { definitions[$0] }?.unit == definition.unit
            let target = sameCell ? input : (current[read.name] ?? input)
            if staleness(target) != nil { addToPlan(target, &plan, &visiting) }
        }
        if !plan.contains(definition.unit) { plan.append(definition.unit) }
    }

    /// The cells a script needs to remake every current binding as it is now: the cells that
    /// made them and, transitively, the cells that made what they read, in the order they ran
    /// (so each sees exactly the definitions it saw). Cells that failed are left out.
    func scriptUnits() -> [Int] {
        var needed: Set<Int> = []
        var stack = Array(current.values)
        var seen: Set<Int> = []
        while let id = stack.popLast() {
            guard seen.insert(id).inserted, let definition = definitions[id] else { continue }
            needed.insert(definition.unit)
            stack.append(contentsOf: definition.inputs)
            // Every definition the same cell made comes with it, and so do their inputs.
        }
        return needed.sorted().filter { units[$0].succeeded }
    }

    /// The current definition of each name whose cell failed (`:save` cannot include it).
    var namesFromFailedCells: [String] {
        current.filter { definitions[$0.value].map { !units[$0.unit].succeeded } ?? false }.map(\.key).sorted()
    }
}
