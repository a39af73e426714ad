import Credentials
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Key files of the token signing keys: written privately (Credentials.PrivateFile) and never
/// replacing an existing key.
enum KeyFile {
    /// Writes `text` to `path` with `mode`; an existing file is never replaced.
    static func create(_ text: String, at path: String, mode: mode_t) throws(TokenKeyError) {
        do {
            try PrivateFile.write(text, to: path, mode: mode, replacing: false)
        } catch {
            throw TokenKeyError(error.exists ? "\(path) already exists; not replacing a key" : error.description)
        }
    }

    static func read(_ path: String) throws(TokenKeyError) -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw TokenKeyError("cannot read \(path): \(error.localizedDescription)")
        }
    }

}
