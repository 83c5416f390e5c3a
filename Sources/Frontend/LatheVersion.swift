/// The release version shown by `lathe --version`.
public enum LatheVersion {
    public static let current = "0.1.0"
}
