extension PGPool {
    /// The payloads NOTIFYed on `channel`, from a connection of their own (it does not count
    /// against `maxConnections`). Returns once LISTEN is in effect, so every notification
    /// committed after that arrives, in commit order; throws `.connectionFailed` if the first
    /// connection cannot be opened.
    ///
    /// ```swift
    /// for await payload in try await pool.notifications(channel: "outbox") {
    ///     await dispatcher.wake(topic: payload)
    /// }
    /// ```
    ///
    /// If the connection breaks (the server restarts), the listener reconnects with backoff
    /// and LISTENs again; notifications sent meanwhile are lost, so use them as a signal to
    /// look at a table, not as the data (DESIGN D6). The stream finishes when the pool
    /// closes; ending its iteration stops the listener.
    public func notifications(channel: String) async throws -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream<String>.makeStream()
        let listener = try NotificationListener(options: configuration.connectionOptions, channel: channel, continuation: continuation)
        guard let id = register(listener) else { throw PGError(.poolClosed) }
        continuation.onTermination = { [weak self] _ in
            listener.stop()
            self?.unregister(id)
        }
        do {
            try await withCheckedThrowingContinuation { (ready: CheckedContinuation<Void, any Error>) in
                listener.start { ready.resume(with: $0) }
            }
        } catch {
            unregister(id)
            throw error
        }
        return stream
    }
}
