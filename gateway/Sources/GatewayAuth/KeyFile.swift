import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes key files so that a private key is never readable by others and never seen half
/// written, and an existing key is never replaced.
enum KeyFile {
    /// Writes `text` to `path` with `mode`, failing with `EEXIST` when `path` exists.
    ///
    /// The text goes to a temporary file created with its final mode (chmod after writing
    /// would leave a moment where the key is readable), then `link(2)` gives it its name:
    /// unlike `rename`, `link` refuses to replace an existing file, atomically.
    static func create(_ text: String, at path: String, mode: mode_t) throws(TokenKeyError) {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw ioError("open", temporary) }
        defer { unlink(temporary) }  // after link(2) the key lives on under its real name
        var closed = false
        defer { if !closed { close(fd) } }
        // open's mode is filtered by the umask; fchmod sets exactly what we asked for.
        guard fchmod(fd, mode) == 0 else { throw ioError("fchmod", temporary) }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }  // interrupted before writing: try again
                throw ioError("write", temporary)
            }
            offset += written
        }
        closed = true
        guard close(fd) == 0 else { throw ioError("close", temporary) }
        guard link(temporary, path) == 0 else {
            throw errno == EEXIST ? TokenKeyError("\(path) already exists; not replacing a key") : ioError("link", path)
        }
    }

    static func read(_ path: String) throws(TokenKeyError) -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw TokenKeyError("cannot read \(path): \(error.localizedDescription)")
        }
    }

    private static func ioError(_ call: String, _ path: String) -> TokenKeyError {
        TokenKeyError("\(call) \(path): \(String(cString: strerror(errno)))")
    }
}
