// swift-tools-version:6.0
import PackageDescription

// Layers, lowest first. A target may depend only on targets listed above it:
//   language:  Syntax → Check → IR → VM ─┐
//   libraries: Numeric → Data → ML, Store ┴→ Runtime → Frontend → lathe
//   (SQLite wraps the system SQLite for Data's SQL source and the Store)
// The libraries (Numeric, Data, later ML, Monitor, Store) never import the language
// modules, and the VM never imports the libraries: the Runtime is the only place the two
// meet. System libraries come in through small system-library targets with module maps
// (see `_LatheSignals` for a C shim).
let package = Package(
    name: "Lathe",
    products: [
        .executable(name: "lathe", targets: ["lathe"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    ],
    targets: [
        // MARK: - Public API

        /// The vocabulary every layer may import: scalars, error codes, the library-error protocol.
        .target(name: "LatheCore", dependencies: ["NameMatching"]),
        /// Source files, tokens, the AST and diagnostics.
        .target(name: "Syntax", dependencies: ["LatheCore"]),
        /// "Did you mean" suggestions by edit distance, shared by the checker and the libraries.
        .target(name: "NameMatching"),
        /// Tensors, vectorized kernels, reductions, BLAS/LAPACK, seeded random numbers.
        .target(name: "Numeric", dependencies: ["LatheCore", "CBLAS", "BLASLoader"]),
        /// The one small wrapper over the system SQLite: connections, statements, transactions.
        .target(name: "SQLite", dependencies: ["CSQLite"]),
        /// Typed columns, frames, CSV and SQLite readers, splits and summaries.
        .target(name: "Data", dependencies: ["LatheCore", "Numeric", "SQLite", "NameMatching"]),
        /// Estimators, preprocessing, metrics, model selection and model files.
        .target(name: "ML", dependencies: ["LatheCore", "Numeric", "Data", "NameMatching"]),
        /// Experiment runs, the model registry and session state in `.lathe/lathe.db`, with
        /// content-addressed artifacts.
        .target(name: "Store", dependencies: [
            "LatheCore", "SQLite", "Data", "NameMatching", .product(name: "Crypto", package: "swift-crypto"),
        ]),
        /// Drift tests and distances, drift reports and data-quality checks over frames.
        .target(name: "Monitor", dependencies: ["LatheCore", "Numeric", "Data", "NameMatching"]),
        /// HTML pages and inline SVG charts (tables, histograms, trends), shared by monitor
        /// reports and, later, the notebook. Knows no other Lathe module.
        .target(name: "Render"),
        /// Name resolution, scopes, arity and literal type checks; module graph.
        .target(name: "Check", dependencies: ["LatheCore", "Syntax", "NameMatching"]),
        /// Register IR: opcode table, lowering from the checked AST, printer, verifier.
        .target(
            name: "IR", dependencies: ["LatheCore", "Syntax", "Check"],
            // The symbol table is on the path of every `m[k]`; dynamic exclusivity checks on its
            // arrays took a tenth of a map benchmark.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
        ),
        /// The VM core: values, the interpreter loop, operators, native-call plumbing, runtime errors.
        .target(
            name: "VM", dependencies: ["LatheCore", "Syntax", "Check", "IR", "NameMatching", "_LatheSignals"],
            // The VM keeps its hot state in unsafe buffers; dynamic exclusivity checks on the
            // VM's few class properties cost more than the instructions they guard. Only this
            // target may assume one thread: library bindings run closures on worker threads.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked", "-Xfrontend", "-assume-single-threaded"])]
        ),
        /// The library bindings (builtins and their value kinds): the only place the language
        /// meets the libraries. Compiled with ordinary, thread-safe settings.
        .target(name: "Runtime", dependencies: ["LatheCore", "Check", "IR", "NameMatching", "VM", "Numeric", "Data", "ML", "Store", "Monitor", "Render", "_LatheSignals"]),
        /// Compilation driver and diagnostic rendering shared by the CLI and tests.
        .target(name: "Frontend", dependencies: ["LatheCore", "Syntax", "Check", "IR", "NameMatching", "VM", "Data", "ML", "Store", "Monitor", "Runtime", "Render", "_LatheSignals", "CEditLine"]),
        /// The `lathe` command.
        .executableTarget(
            name: "lathe",
            dependencies: [
                "Frontend",
                "Store",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - Implementation details

        /// OpenBLAS CBLAS plus LAPACKE: the headers only; BLASLoader loads the libraries.
        .systemLibrary(name: "CBLAS", providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),
        /// Defines the BLAS/LAPACK functions Lathe calls, loading OpenBLAS and LAPACKE with
        /// dlopen on the first call, so start-up does not pay for them.
        .target(name: "BLASLoader"),
        /// libedit's readline emulation, for the REPL's line editing.
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        /// SQLite 3.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),

        /// Async-signal-safe SIGINT flag, written in C because Swift closures
        /// cannot safely run inside a signal handler.
        .target(name: "_LatheSignals"),

        // MARK: - Unit test bundles

        .testTarget(
            name: "LatheTests",
            dependencies: ["LatheCore", "Syntax", "Check", "IR", "NameMatching", "Numeric", "Data", "ML", "SQLite", "Store", "Monitor", "Render", "VM", "Runtime", "Frontend", "lathe"],
            exclude: []
        ),
    ],
    // Swift 5 mode: the VM is single-threaded and keeps unsafe buffers; strict Swift 6
    // concurrency checking would force Sendable wrappers onto every value type.
    swiftLanguageModes: [.v5]
)

// MARK: - Fuzz targets (only with LATHE_FUZZ=1)

// libFuzzer entry points, built by `make fuzz` / `make fuzz-replay` with `--sanitize=fuzzer`
// into their own scratch path. Each defines `LLVMFuzzerTestOneInput` and no `main` (libFuzzer
// links its own), so they are compiled as libraries and never join the normal build.
if Context.environment["LATHE_FUZZ"] == "1" {
    let fuzzSettings: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]
    package.targets += [
        .executableTarget(name: "FuzzParse", dependencies: ["Syntax"], swiftSettings: fuzzSettings),
        .executableTarget(name: "FuzzCompile", dependencies: ["Frontend", "IR"], swiftSettings: fuzzSettings),
        .executableTarget(name: "FuzzCSV", dependencies: ["Data"], swiftSettings: fuzzSettings),
        .executableTarget(name: "FuzzModel", dependencies: ["Data", "ML"], swiftSettings: fuzzSettings),
    ]
}
