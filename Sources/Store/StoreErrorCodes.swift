import LatheCore

/// The codes of `StoreError`'s cases: `E0600`–`E0699`. Never renumber one.
public enum StoreErrorCodes: ErrorCatalogue {
    public static let layer = "store"

    public static let unknownModel = ErrorCode(
        "E0600", "unknown registered model, version or alias",
        explanation: """
            model("name"), model("name:3") or model("name@alias") names something the \
            registry does not hold. 'lathe models list' shows the registered models and \
            'lathe models show NAME' their versions and aliases.
            """,
        example: "let m = model(\"churn@production\")")
    public static let invalidName = ErrorCode(
        "E0601", "invalid model name, alias or reference",
        explanation: """
            Model names and aliases use letters, digits, '_' and '-' (as MLflow's). The alias \
            'latest' and aliases like 'v3' are reserved because they read as versions. A \
            reference is "name", "name:VERSION" or "name@ALIAS".
            """,
        example: "alias(\"churn\", 1, \"latest\")")
    public static let unknownRun = ErrorCode(
        "E0602", "unknown run",
        explanation: "No run in the store has this id. 'lathe runs list' shows the runs and their ids.",
        example: "import \"std/store\" as store\nlet r = store.run(999999)")
    public static let parameterChanged = ErrorCode(
        "E0603", "run parameter logged twice",
        explanation: """
            A run's parameters are written once, as in MLflow: they describe how the run was \
            configured. Logging the same name again with another value is refused; values \
            that change during a run are metrics (log).
            """,
        example: "import \"std/store\" as store\nstore.log_param(\"lr\", 0.1)\nstore.log_param(\"lr\", 0.2)")
    public static let badQuery = ErrorCode(
        "E0604", "malformed run query",
        explanation: """
            runs(where:) and 'lathe runs list --where' take a filter such as \
            "metrics.accuracy > 0.9 and (params.model = 'boost' or tags.team = 'x')". Fields are \
            metrics.NAME, params.NAME, tags.NAME or an attribute (id, kind, name, status, \
            script, started_at, ended_at, duration, …); strings are quoted; and, or, not, \
            parentheses, comparisons, like and in combine them. The message points at the column.
            """,
        example: "let r = runs(where: \"metrics.f1 >\")")
    public static let damagedArtifact = ErrorCode(
        "E0605", "damaged artifact",
        explanation: """
            Artifacts (model files) are stored under .lathe/artifacts by the sha256 of their \
            bytes, and the hash is checked on every load. A mismatch means the file was \
            changed or cut short; lathe refuses it rather than load a wrong model.
            """,
        example: "let m = model(\"churn\")  # after editing its artifact file")
    public static let corrupt = ErrorCode(
        "E0606", "damaged or newer store",
        explanation: """
            .lathe/lathe.db is not an SQLite database, fails SQLite's checks, or was written \
            by a newer lathe with a schema this one does not know.
            """,
        example: "lathe models list  # with a damaged .lathe/lathe.db")
    public static let locked = ErrorCode(
        "E0607", "store locked",
        explanation: """
            Another process held the store's write lock longer than the busy timeout (5 s; \
            LATHE_BUSY_TIMEOUT sets it in milliseconds). Nothing was written; try again.
            """,
        example: "lathe models alias churn 2 production  # while another process writes")
    public static let unwritable = ErrorCode(
        "E0608", "store cannot be written",
        explanation: """
            The store's folder is read-only, the disk (or the process's file-size limit) is \
            full, or the file system failed. The operation was rolled back; nothing partial \
            was written.
            """,
        example: "register(m, \"churn\")  # in a read-only folder")
    public static let badExport = ErrorCode(
        "E0609", "unusable model export",
        explanation: """
            'lathe models import' reads the file 'lathe models export' writes: JSON holding \
            the model's bytes, their sha256, its metadata and lineage. This file is not one, \
            or its bytes do not match their hash.
            """,
        example: "lathe models import notes.txt")
    public static let noWorkspace = ErrorCode(
        "E0610", "no workspace",
        explanation: """
            Commands that read the store look for a .lathe folder here and in every folder \
            above, or use LATHE_HOME. 'lathe init' creates one; a script run without one \
            creates .lathe beside the script on its first write.
            """,
        example: "lathe models list  # in a folder with no .lathe above it")
    public static let codes: [ErrorCode] = [
        unknownModel, invalidName, unknownRun, parameterChanged, badQuery, damagedArtifact, corrupt,
        locked, unwritable, badExport, noWorkspace,
    ]
}
