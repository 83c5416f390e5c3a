// The notebook cell cache: schema v3 over a v2 store, saving and loading entries, large
// payloads as artifacts that gc keeps, and pruning a notebook's stale cells.

import Foundation
import SQLite
import Testing
@testable import Store

@Suite("Store: notebook cell cache")
struct NotebookCacheTests {
    @Test func aVersionTwoStoreIsMigratedToThreeKeepingItsData() throws {
        let scratch = ScratchWorkspace()
        try FileManager.default.createDirectory(atPath: scratch.workspace.artifactsPath, withIntermediateDirectories: true)
        do {
            let old = try Database(path: scratch.workspace.databasePath, mode: .create)
            try old.execute(StoreSchema.migrations[0])
            try old.execute(StoreSchema.migrations[1])
            try old.execute("PRAGMA user_version = 2")
            try old.execute("INSERT INTO registered_models VALUES ('m', 0)")
            try old.execute("""
                INSERT INTO model_versions(name, version, artifact, size, signature, params, lineage, created_at, user)
                VALUES ('m', 1, 'abc', 3, '{}', '{}', '{}', 0, 'u')
                """)
        }
        let store = try scratch.open()
        #expect(store.schemaVersion == 3 && StoreSchema.version >= 3)
        #expect(try store.resolve(ModelReference.parse("m")).version == 1)
        #expect(try store.notebookCell(key: "k") == nil)
        try store.saveNotebookCell(NotebookCacheEntry(key: "k", outputs: "[]", bindings: []), notebook: "/n.mlx")
        #expect(try store.notebookCell(key: "k")?.outputs == "[]")
    }

    @Test func anEntryComesBackWithItsBindingsInOrder() throws {
        let store = try ScratchWorkspace().open()
        let big = [UInt8](repeating: 7, count: 100_000)
        let entry = NotebookCacheEntry(key: "abc", outputs: "[{\"text\":\"hi\"}]", bindings: [
            .init(name: "z", declaration: "let", kind: "number", codec: "c", payload: [1, 2]),
            .init(name: "a", declaration: "var", kind: "dataset", codec: "c", payload: big),
        ])
        try store.saveNotebookCell(entry, notebook: "/n.mlx")
        #expect(try store.notebookCell(key: "abc") == entry)
        // The large payload is an artifact gc keeps while the cell is cached.
        #expect(try store.collectGarbage(graceSeconds: 0).removedArtifacts == 0)
        // Saving the same key again replaces it.
        try store.saveNotebookCell(NotebookCacheEntry(key: "abc", outputs: "[]", bindings: []), notebook: "/n.mlx")
        #expect(try store.notebookCell(key: "abc")?.bindings.isEmpty == true)
        #expect(try store.collectGarbage(graceSeconds: 0).removedArtifacts == 1)
    }

    @Test func pruningKeepsTheLatestRunsCellsOfThatNotebookOnly() throws {
        let store = try ScratchWorkspace().open()
        for key in ["a", "b", "c"] {
            try store.saveNotebookCell(NotebookCacheEntry(key: key, outputs: "[]", bindings: [
                .init(name: "x", declaration: "let", kind: "number", codec: "c", payload: [1]),
            ]), notebook: "/n.mlx")
        }
        try store.saveNotebookCell(NotebookCacheEntry(key: "other", outputs: "[]", bindings: []), notebook: "/m.mlx")
        #expect(try store.pruneNotebookCells(notebook: "/n.mlx", keeping: ["b"]) == 2)
        #expect(try store.notebookCell(key: "a") == nil && store.notebookCell(key: "c") == nil)
        #expect(try store.notebookCell(key: "b")?.bindings.count == 1)
        #expect(try store.notebookCell(key: "other") != nil)
        #expect(try store.notebookCellCount(notebook: "/n.mlx") == 1)
        #expect(try store.database.first("SELECT count(*) FROM notebook_bindings") { $0.int(0) } == 1)
    }
}
