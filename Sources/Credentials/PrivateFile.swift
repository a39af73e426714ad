import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes key and certificate files so that a private key is never readable by others and
/// never seen half written: the text goes to a temporary file created with its final mode
/// (chmod after writing would leave a moment where the key is readable), which then takes the
/// real name in one step.
public enum PrivateFile {
    /// Why a write failed: the call, the path and the system's reason.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
        /// The path existed and `replacing` was false.
        public let exists: Bool
    }

    /// Writes `text` to `path` with exactly `mode`. With `replacing` false an existing file is
    /// kept and the write fails (`Failure.exists`): `link(2)` refuses to replace, atomically;
    /// with `replacing` true `rename(2)` replaces it.
    public static func write(_ text: String, to path: String, mode: mode_t, replacing: Bool) throws(Failure) {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw failure("open", temporary) }
        var closed = false, named = false
        defer {
            if !closed { close(fd) }
            // After link(2) the file lives on under its real name; after rename(2) this is a no-op.
            if !named || !replacing { unlink(temporary) }
        }
        // open's mode is filtered by the umask; fchmod sets exactly what was asked for.
        guard fchmod(fd, mode) == 0 else { throw failure("fchmod", temporary) }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { systemWrite(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }  // interrupted before writing: try again
                throw failure("write", temporary)
            }
            offset += written
        }
        closed = true
        guard close(fd) == 0 else { throw failure("close", temporary) }
        if replacing {
            guard rename(temporary, path) == 0 else { throw failure("rename", path) }
        } else {
            guard link(temporary, path) == 0 else {
                if errno == EEXIST { throw Failure(description: "\(path) already exists", exists: true) }
                throw failure("link", path)
            }
        }
        named = true
    }

    private static func failure(_ call: String, _ path: String) -> Failure {
        Failure(description: "\(call) \(path): \(String(cString: strerror(errno)))", exists: false)
    }
}

/// libc's write(2), named apart from `PrivateFile.write`, which would shadow it.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int { write(fd, buffer, count) }
