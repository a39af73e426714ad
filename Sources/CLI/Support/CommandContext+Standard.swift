import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension CommandContext {
    /// The real process: its environment, standard streams, processor count, and `RemoteServer`.
    public static var standard: CommandContext {
        CommandContext(
            environment: ProcessInfo.processInfo.environment,
            console: .standard,
            readStandardInput: { Array(FileHandle.standardInput.readDataToEndOfFile()) },
            standardInputIsTerminal: isatty(STDIN_FILENO) != 0,
            connect: { try RemoteServer(configuration: $0) },
            processorCount: ProcessInfo.processInfo.activeProcessorCount)
    }
}
