/// The store's tables, as ordered migrations. `PRAGMA user_version` holds how many have
/// run; opening a store applies the missing ones in one transaction, and a store with more
/// than this binary knows is refused (`StoreError.newerSchema`). Never edit a shipped
/// migration: append a new one.
enum StoreSchema {
    static var version: Int { migrations.count }

    static let migrations: [String] = [
        // 1: runs, the registry, sessions.
        """
        CREATE TABLE runs(
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            parent_id INTEGER REFERENCES runs(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            status TEXT NOT NULL,
            started_at REAL NOT NULL,
            ended_at REAL,
            script_path TEXT,
            source_hash TEXT,
            git_commit TEXT,
            user TEXT,
            deleted INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX runs_by_parent ON runs(parent_id);
        CREATE INDEX runs_by_start ON runs(started_at);
        CREATE INDEX runs_by_status ON runs(status);
        CREATE TABLE run_params(
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            name TEXT NOT NULL, value TEXT NOT NULL,
            PRIMARY KEY(run_id, name)) WITHOUT ROWID;
        CREATE INDEX run_params_by_value ON run_params(name, value);
        CREATE TABLE run_metrics(
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            name TEXT NOT NULL, step INTEGER NOT NULL, value REAL, timestamp REAL NOT NULL);
        CREATE INDEX run_metrics_by_run ON run_metrics(run_id, name, step);
        CREATE TABLE run_latest_metrics(
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            name TEXT NOT NULL, value REAL, step INTEGER NOT NULL, timestamp REAL NOT NULL,
            PRIMARY KEY(run_id, name)) WITHOUT ROWID;
        CREATE INDEX run_latest_metrics_by_value ON run_latest_metrics(name, value);
        CREATE TABLE run_tags(
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            name TEXT NOT NULL, value TEXT NOT NULL,
            PRIMARY KEY(run_id, name)) WITHOUT ROWID;
        CREATE INDEX run_tags_by_value ON run_tags(name, value);
        CREATE TABLE run_datasets(
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            fingerprint TEXT NOT NULL, role TEXT NOT NULL, rows INTEGER NOT NULL, source TEXT,
            PRIMARY KEY(run_id, fingerprint, role)) WITHOUT ROWID;
        CREATE INDEX run_datasets_by_fingerprint ON run_datasets(fingerprint);

        CREATE TABLE registered_models(
            name TEXT PRIMARY KEY, created_at REAL NOT NULL);
        CREATE TABLE model_versions(
            name TEXT NOT NULL REFERENCES registered_models(name) ON DELETE CASCADE,
            version INTEGER NOT NULL,
            artifact TEXT NOT NULL,
            size INTEGER NOT NULL,
            run_uuid TEXT,
            data_fingerprint TEXT,
            signature TEXT NOT NULL,
            params TEXT NOT NULL,
            lineage TEXT NOT NULL,
            created_at REAL NOT NULL,
            user TEXT NOT NULL,
            PRIMARY KEY(name, version));
        CREATE INDEX model_versions_by_artifact ON model_versions(artifact);
        CREATE TABLE model_version_metrics(
            name TEXT NOT NULL, version INTEGER NOT NULL, metric TEXT NOT NULL, value REAL,
            PRIMARY KEY(name, version, metric),
            FOREIGN KEY(name, version) REFERENCES model_versions(name, version) ON DELETE CASCADE) WITHOUT ROWID;
        CREATE TABLE model_version_tags(
            name TEXT NOT NULL, version INTEGER NOT NULL, tag TEXT NOT NULL, value TEXT NOT NULL,
            PRIMARY KEY(name, version, tag),
            FOREIGN KEY(name, version) REFERENCES model_versions(name, version) ON DELETE CASCADE) WITHOUT ROWID;
        CREATE TABLE model_aliases(
            name TEXT NOT NULL, alias TEXT NOT NULL, version INTEGER NOT NULL,
            PRIMARY KEY(name, alias),
            FOREIGN KEY(name, version) REFERENCES model_versions(name, version) ON DELETE CASCADE) WITHOUT ROWID;
        CREATE TABLE alias_history(
            id INTEGER PRIMARY KEY, name TEXT NOT NULL, alias TEXT NOT NULL,
            from_version INTEGER, to_version INTEGER, user TEXT NOT NULL, at REAL NOT NULL);
        CREATE INDEX alias_history_by_name ON alias_history(name, alias);

        CREATE TABLE sessions(
            id TEXT PRIMARY KEY, created_at REAL NOT NULL, updated_at REAL NOT NULL);
        CREATE TABLE session_bindings(
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            codec TEXT,
            payload BLOB,
            artifact TEXT,
            rerun_reason TEXT,
            provenance TEXT NOT NULL,
            source TEXT NOT NULL,
            updated_at REAL NOT NULL,
            PRIMARY KEY(session_id, name)) WITHOUT ROWID;
        CREATE INDEX session_bindings_by_artifact ON session_bindings(artifact);
        """,
        // 2: reference samples kept with model versions; monitor history.
        """
        ALTER TABLE model_versions ADD COLUMN reference_artifact TEXT;
        ALTER TABLE model_versions ADD COLUMN reference_rows INTEGER;
        CREATE INDEX model_versions_by_reference ON model_versions(reference_artifact);
        CREATE TABLE monitor_history(
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            version INTEGER NOT NULL,
            at REAL NOT NULL,
            source TEXT,
            rows INTEGER NOT NULL,
            drift_share REAL,
            drifted INTEGER NOT NULL,
            prediction_drift REAL,
            prediction_drifted INTEGER,
            performance_ok INTEGER,
            report TEXT NOT NULL,
            user TEXT NOT NULL);
        CREATE INDEX monitor_history_by_model ON monitor_history(name, at);
        CREATE TABLE monitor_columns(
            history_id INTEGER NOT NULL REFERENCES monitor_history(id) ON DELETE CASCADE,
            column_name TEXT NOT NULL,
            method TEXT,
            statistic REAL,
            p_value REAL,
            threshold REAL,
            drifted INTEGER NOT NULL,
            problem TEXT,
            PRIMARY KEY(history_id, column_name));
        """,
        // 3: the notebook cell cache (`NotebookCache.swift`).
        """
        CREATE TABLE notebook_cells(
            key TEXT PRIMARY KEY,
            notebook TEXT NOT NULL,
            outputs TEXT NOT NULL,
            created_at REAL NOT NULL);
        CREATE INDEX notebook_cells_by_notebook ON notebook_cells(notebook);
        CREATE TABLE notebook_bindings(
            cell_key TEXT NOT NULL REFERENCES notebook_cells(key) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            declaration TEXT NOT NULL,
            kind TEXT NOT NULL,
            codec TEXT NOT NULL,
            payload BLOB,
            artifact TEXT,
            PRIMARY KEY(cell_key, position)) WITHOUT ROWID;
        CREATE INDEX notebook_bindings_by_artifact ON notebook_bindings(artifact);
        """,
    ]
}
