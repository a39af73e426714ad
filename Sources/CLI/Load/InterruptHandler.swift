import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns the first Ctrl-C (SIGINT) into a graceful stop of a load run, so the report still
/// prints; a second Ctrl-C ends the process as usual.
final class InterruptHandler {
    private let source: any DispatchSourceSignal

    init(onInterrupt: @escaping @Sendable () -> Void) {
        // The signal must be ignored for a dispatch source to receive it instead of the default action.
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            signal(SIGINT, SIG_DFL)
            onInterrupt()
        }
        source.resume()
    }

    /// Restores the default Ctrl-C behaviour.
    func cancel() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
