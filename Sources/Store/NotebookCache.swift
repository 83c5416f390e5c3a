import Foundation
import SQLite

/// One notebook cell's results as the cache keeps them: its outputs (JSON text the notebook
/// renderer writes and reads; the store does not look inside) and the bindings it defined,
/// each encoded by a codec the Runtime owns.
public struct NotebookCacheEntry: Equatable, Sendable {
    /// One binding the cell defined, in the order it defined them.
    public struct Binding: Equatable, Sendable {
        public var name: String
        /// How it was declared (`let`, `var`, `param`), so a later cell may assign a `var`.
        public var declaration: String
        /// The value's kind as `type(x)` names it.
        public var kind: String
        public var codec: String
        public var payload: [UInt8]

        public init(name: String, declaration: String, kind: String, codec: String, payload: [UInt8]) {
            self.name = name
            self.declaration = declaration
            self.kind = kind
            self.codec = codec
            self.payload = payload
        }
    }

    /// The cell's cache key: a hash of its source, its inputs' keys, the runtime version and
    /// the `--set` values it reads (the notebook runner computes it).
    public var key: String
    public var outputs: String
    public var bindings: [Binding]

    public init(key: String, outputs: String, bindings: [Binding]) {
        self.key = key
        self.outputs = outputs
        self.bindings = bindings
    }
}

/// The notebook cell cache (schema v3): `lathe notebook` looks each cell up by its key before
/// running it and saves what it ran. Payloads above 64 KiB go to the artifact folder, as
/// session bindings do, and `gc` keeps the ones a cached cell references.
extension Store {
    /// The cached results for `key`, or nil when the cell has not been cached.
    public func notebookCell(key: String) throws -> NotebookCacheEntry? {
        try read {
            guard let outputs = try database.first("SELECT outputs FROM notebook_cells WHERE key = ?", [.text(key)], { $0.text(0) })
            else { return nil }
            var rows: [(NotebookCacheEntry.Binding, String?)] = []
            try database.query("""
                SELECT name, declaration, kind, codec, payload, artifact FROM notebook_bindings
                WHERE cell_key = ? ORDER BY position
                """, [.text(key)]) { row in
                rows.append((NotebookCacheEntry.Binding(name: row.text(0), declaration: row.text(1), kind: row.text(2),
                                                        codec: row.text(3), payload: row.blob(4)), row.optionalText(5)))
            }
            let bindings = try rows.map { binding, artifact in
                guard let artifact else { return binding }
                var loaded = binding
                loaded.payload = try artifacts.load(artifact)
                return loaded
            }
            return NotebookCacheEntry(key: key, outputs: outputs, bindings: bindings)
        }
    }

    /// Saves (or replaces) one cell's results for the notebook at `notebook`, in one transaction.
    public func saveNotebookCell(_ entry: NotebookCacheEntry, notebook: String) throws {
        try write {
            try database.run("DELETE FROM notebook_cells WHERE key = ?", [.text(entry.key)])
            try database.run("INSERT INTO notebook_cells(key, notebook, outputs, created_at) VALUES (?, ?, ?, ?)",
                             [.text(entry.key), .text(notebook), .text(entry.outputs), .real(Store.now())])
            for (position, binding) in entry.bindings.enumerated() {
                var payload: SQLiteValue = .blob(binding.payload), artifact: SQLiteValue = .null
                if binding.payload.count > Store.inlinePayloadLimit {
                    artifact = .text(try artifacts.put(binding.payload))
                    payload = .null
                }
                try database.run("""
                    INSERT INTO notebook_bindings(cell_key, position, name, declaration, kind, codec, payload, artifact)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, [.text(entry.key), .integer(Int64(position)), .text(binding.name), .text(binding.declaration),
                          .text(binding.kind), .text(binding.codec), payload, artifact])
            }
        }
    }

    /// Forgets the cached cells of `notebook` whose keys are not in `keeping` (the keys of
    /// its latest run), so the cache holds one version of each notebook. Returns how many went.
    @discardableResult
    public func pruneNotebookCells(notebook: String, keeping: Set<String>) throws -> Int {
        try write {
            var stale: [String] = []
            try database.query("SELECT key FROM notebook_cells WHERE notebook = ?", [.text(notebook)]) { row in
                let key = row.text(0)
                if !keeping.contains(key) { stale.append(key) }
            }
            for key in stale { try database.run("DELETE FROM notebook_cells WHERE key = ?", [.text(key)]) }
            return stale.count
        }
    }

    /// How many cells are cached for `notebook`.
    public func notebookCellCount(notebook: String) throws -> Int {
        try read { try database.first("SELECT count(*) FROM notebook_cells WHERE notebook = ?", [.text(notebook)]) { $0.int(0) } ?? 0 }
    }
}
