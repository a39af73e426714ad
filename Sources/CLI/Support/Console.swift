import Foundation
import Synchronization

/// Where a command writes: standard output for results, standard error for progress and
/// errors. Tests capture both with `Console.capturing()`.
public struct Console: Sendable {
    public var writeOut: @Sendable (String) -> Void
    public var writeError: @Sendable (String) -> Void

    public init(writeOut: @escaping @Sendable (String) -> Void, writeError: @escaping @Sendable (String) -> Void) {
        self.writeOut = writeOut
        self.writeError = writeError
    }

    /// The process's standard output and standard error.
    public static let standard = Console(
        writeOut: { FileHandle.standardOutput.write(Data($0.utf8)) },
        writeError: { FileHandle.standardError.write(Data($0.utf8)) })

    /// Writes a line to standard output.
    public func out(_ line: String) { writeOut(line + "\n") }
    /// Writes a line to standard error.
    public func error(_ line: String) { writeError(line + "\n") }

    /// A console that keeps what is written, for tests.
    public static func capturing() -> (Console, Captured) {
        let captured = Captured()
        return (Console(writeOut: { text in captured.out.withLock { $0 += text } },
                        writeError: { text in captured.err.withLock { $0 += text } }), captured)
    }

    /// Text written to a capturing console.
    public final class Captured: Sendable {
        let out = Mutex("")
        let err = Mutex("")
        public var standardOutput: String { out.withLock { $0 } }
        public var standardError: String { err.withLock { $0 } }
    }
}
