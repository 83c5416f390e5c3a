import LatheCore

/// The codes of `DataError`'s cases: `E0400`–`E0499`. Never renumber one.
public enum DataErrorCodes: ErrorCatalogue {
    public static let layer = "data"

    public static let fileNotFound = ErrorCode(
        "E0400", "data file not found",
        explanation: """
            No file exists at the path given to dataset() or load_model(). A relative path is \
            resolved from the directory lathe runs in, not from the script's folder. Check the \
            spelling and the current directory.
            """,
        example: "let ds = dataset(\"nowhere.csv\")")

    public static let unreadable = ErrorCode(
        "E0401", "data file cannot be read",
        explanation: """
            The file exists but could not be read, for example because it is a directory or its \
            permissions forbid reading. Check the permissions and that the path names a regular \
            file.
            """,
        example: "let ds = dataset(\"examples\")")

    public static let unwritable = ErrorCode(
        "E0402", "file cannot be written",
        explanation: """
            write_csv() or save_model() could not create or write the file, usually because its \
            folder does not exist or is not writable. Create the folder first, or choose another \
            path.
            """,
        example: "write_csv(make_regression(n: 5), \"/no/such/folder/out.csv\")")

    public static let malformedCSV = ErrorCode(
        "E0403", "malformed csv",
        explanation: """
            The CSV file breaks the format at the line and field shown: a row has more or fewer \
            fields than the header, a quoted field never closes, a character follows a closing \
            quote, or a field is not valid UTF-8. The hint names the fix for that case; quote \
            fields that contain the delimiter, and double quotes inside quoted fields.
            """,
        example: "let ds = dataset(\"Tests/Fixtures/data/csv/bad/ragged_long.csv\")")

    public static let badTypedCell = ErrorCode(
        "E0404", "cell does not fit its column type",
        explanation: """
            A column was given a type in types:, and a cell cannot be read as that type. Fix \
            the cell, mark it as missing, or drop the column from types: to let lathe infer it.
            """,
        example: "let ds = dataset(\"Tests/Fixtures/data/csv/bad/bad_typed_cell.csv\", types: {age: \"int64\"})")

    public static let unknownColumn = ErrorCode(
        "E0405", "unknown column",
        explanation: """
            The dataset has no column with this name. Column names are matched exactly, \
            including case. Check the spelling; the hint suggests a close name and lists the \
            columns.
            """,
        example: "let ds = make_regression(n: 20)\nlet name = \"pri\" + \"ce\"\nprint(ds[name])")

    public static let typeMismatch = ErrorCode(
        "E0406", "column of the wrong type",
        explanation: """
            The operation needs a different column type, for example numbers where the column \
            holds text. Select the numeric columns, or encode text columns first.
            """,
        example: "let iris = dataset(\"examples/data/iris.csv\")\nprint(tensor(iris.species))")

    public static let sqlite = ErrorCode(
        "E0407", "sqlite error",
        explanation: """
            SQLite rejected the query or the file: a column or table name is wrong, the SQL has \
            a syntax error, or the file is not an SQLite database. The message is SQLite's own; \
            fix the query or the path.
            """,
        example: "let ds = dataset(sqlite: \"Tests/Fixtures/data/people.db\", query: \"select nope from people\")")

    public static let invalidArgument = ErrorCode(
        "E0408", "invalid data argument",
        explanation: """
            A data operation received an argument it cannot use, such as an unsupported \
            encoding, a test fraction outside 0...1 or a column listed twice. The message names \
            the argument and what it accepts.
            """,
        example: "let ds = dataset(\"examples/data/iris.csv\", encoding: \"ebcdic\")")

    public static let interrupted = ErrorCode(
        "E0410", "reading interrupted",
        explanation: """
            Ctrl-C stopped reading a file. A device or pipe such as /dev/zero never ends, so \
            reading it waits for Ctrl-C; read a regular file instead, or end the pipe's writer.
            """,
        example: "let ds = dataset(\"/dev/zero\")  # then press Ctrl-C")

    public static let stratifyClassTooSmall = ErrorCode(
        "E0409", "stratify class with a single row",
        explanation: """
            split() or kfold() with stratify: found a class with only one row, which cannot \
            be in both parts. This usually means the stratify column is continuous (a \
            regression target): stratify on a binned copy instead, made with with(), or drop \
            stratify:.
            """,
        example: "let ds = make_regression(n: 20)\nlet parts = split(ds, test: 0.2, stratify: true)")

    public static let joinKeyTypes = ErrorCode(
        "E0411", "join keys of different types",
        explanation: """
            merge() pairs each left key column with a right key column, and the two hold values \
            that can never be equal: numbers (int64 or float64) with strings, or bools with \
            numbers. Numbers join numbers by value, strings join strings. Read one side's key \
            with the other's type, e.g. dataset(path, types: {id: "string"}).
            """,
        example: "let a = dataset(\"Tests/Fixtures/data/join/customers.csv\")\nlet b = dataset(\"Tests/Fixtures/data/join/orders.csv\")\nprint(merge(a, b, left_on: \"id\", right_on: \"order\"))")

    public static let joinNotValid = ErrorCode(
        "E0412", "join keys not unique where validate: requires",
        explanation: """
            merge(validate:) asserts how keys repeat: "one_to_one" needs unique keys on both \
            sides, "one_to_many" on the left, "many_to_one" on the right. The message names a \
            key that repeats and the side. Remove or aggregate the repeated keys first, or \
            relax validate: (the default, "many_to_many", checks nothing).
            """,
        example: "let a = dataset(\"Tests/Fixtures/data/join/customers.csv\")\nlet b = dataset(\"Tests/Fixtures/data/join/orders.csv\")\nprint(merge(a, b, on: \"id\", validate: \"one_to_many\"))")

    public static let invalidPattern = ErrorCode(
        "E0420", "invalid regular expression",
        explanation: """
            A string function called with regex: true (replace, contains) was given a pattern \
            that is not a valid regular expression (ICU syntax, as Foundation's \
            NSRegularExpression): usually an unclosed bracket or parenthesis, or a special \
            character such as ( [ . * + ? meant literally. Escape it with a backslash, written \
            "\\\\(" inside a Lathe string, or drop regex: true to match the text as written.
            """,
        example: "import \"std/text\" as text\nprint(text.replace(\"a(b\", \"(\", \"\", regex: true))")

    public static let codes: [ErrorCode] = [
        fileNotFound, unreadable, unwritable, malformedCSV, badTypedCell, unknownColumn, typeMismatch,
        sqlite, invalidArgument, stratifyClassTooSmall, interrupted, joinKeyTypes, joinNotValid,
        invalidPattern,
    ]
}
