extension NativeLibrary {
    /// Every library, core language first. Adding a library adds one line here.
    nonisolated(unsafe) public static let all: [NativeLibrary] = [
        .core,
        .math,
        .statistics,
        .tensors,
        .data,
        .ml,
        .modelSelection,
        .text,
        .store,
        .storeModule,
        .monitor,
        .monitorModule,
        .charts,
    ]
}
