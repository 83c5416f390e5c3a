import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Replaces a file's contents all at once, so that a failed or killed write never leaves a
/// truncated file behind: the bytes go to a temporary file in the same folder (same file
/// system, so the rename cannot copy), which is synced and then renamed over the target.
/// Readers see either the old file or the whole new one.
///
/// The temporary file is named `.NAME.lathe-tmp-PID`. A process killed mid-write leaves one
/// behind; the next write to the same target removes those whose process is gone.
///
/// Shared by `write_csv` and `save_model`; it lives in Data, the lowest layer both reach.
public enum AtomicFile {
    /// Writes whatever `produce` passes to its `emit` argument to `path`, atomically.
    /// If `produce` throws, that error is rethrown and the target is untouched.
    public static func write(to path: String, _ produce: (_ emit: ([UInt8]) throws -> Void) throws -> Void) throws {
        let (folder, name) = split(path)
        removeStaleTemporaries(in: folder, for: name)
        let temporary = temporaryPath(folder: folder, name: name, pid: getpid())
        // The new file keeps the old one's permissions; a new target gets the usual 0666 & ~umask.
        var mode: mode_t = 0o666
        var existing = stat()
        let replacing = stat(path, &existing) == 0
        if replacing { mode = existing.st_mode & 0o7777 }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw DataError.unwritable(path: path, reason: reason(errno)) }
        var closed = false
        var succeeded = false
        defer {
            if !closed { close(fd) }
            if !succeeded { unlink(temporary) }
        }
        try produce { chunk in
            try writeAll(chunk, to: fd, path: path)
        }
        // open's mode is narrowed by the umask; a replaced file keeps exactly its old mode.
        if replacing { _ = fchmod(fd, mode) }
        guard fsync(fd) == 0 else { throw DataError.unwritable(path: path, reason: reason(errno)) }
        closed = true
        guard close(fd) == 0 else { throw DataError.unwritable(path: path, reason: reason(errno)) }
        guard rename(temporary, path) == 0 else { throw DataError.unwritable(path: path, reason: reason(errno)) }
        succeeded = true
        // Makes the rename itself durable; a failure here loses nothing already visible.
        let folderFD = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderFD >= 0 {
            _ = fsync(folderFD)
            close(folderFD)
        }
    }

    /// The temporary file a process with `pid` uses while writing `name` in `folder`.
    static func temporaryPath(folder: String, name: String, pid: pid_t) -> String {
        "\(folder)/.\(name).lathe-tmp-\(pid)"
    }

    /// The folder (`.` for a bare name) and the file name of `path`.
    static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = String(path[..<slash])
        return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
    }

    /// Deletes temporaries for `name` left by writers that no longer run (killed mid-write).
    /// A live writer's file is left alone: it may be another process writing the same target.
    static func removeStaleTemporaries(in folder: String, for name: String) {
        // FileManager reads each name in place; copying `dirent.d_name` out of a
        // variable-length entry reads past its end (AddressSanitizer finding).
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        let prefix = ".\(name).lathe-tmp-"
        for entryName in names {
            guard entryName.hasPrefix(prefix), let pid = pid_t(entryName.dropFirst(prefix.count)) else { continue }
            if pid == getpid() || kill(pid, 0) == 0 || errno != ESRCH { continue }
            unlink("\(folder)/\(entryName)")
        }
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws {
        try bytes.withUnsafeBytes { buffer in
            guard var pointer = buffer.baseAddress else { return }
            var remaining = buffer.count
            while remaining > 0 {
                let written = Glibc.write(fd, pointer, remaining)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw DataError.unwritable(path: path, reason: reason(errno))
                }
                pointer += written
                remaining -= written
            }
        }
    }

    private static func reason(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
