/// One limit's verdict on one request, with what the §16.1 headers say about it (003 §16.1).
public struct RateDecision: Sendable, Equatable {
    /// Whether the request may proceed.
    public var allowed: Bool
    /// The limit's size (X-RateLimit-Limit): requests per window, or a bucket's capacity.
    public var limit: Int
    /// Requests left after this one (X-RateLimit-Remaining).
    public var remaining: Int
    /// Unix seconds when the count resets: the window's end, or when a bucket is full again (X-RateLimit-Reset).
    public var resetAt: Int64
    /// Whole seconds until a refused request could succeed, at least 1 (Retry-After).
    public var retryAfter: Int64
    /// The window's length in seconds (X-RateLimit-Window).
    public var windowSeconds: Int64

    public init(allowed: Bool, limit: Int, remaining: Int, resetAt: Int64, retryAfter: Int64, windowSeconds: Int64) {
        self.allowed = allowed
        self.limit = limit
        self.remaining = remaining
        self.resetAt = resetAt
        self.retryAfter = retryAfter
        self.windowSeconds = windowSeconds
    }

    /// Milliseconds to whole seconds, rounded up and at least 1: a client told 0 would retry at once.
    static func seconds(_ milliseconds: Int64) -> Int64 { max(1, (milliseconds + 999) / 1000) }

    /// Unix milliseconds to Unix seconds, rounded up (a reset is never announced early).
    static func epochSeconds(_ milliseconds: Int64) -> Int64 { (milliseconds + 999) / 1000 }
}

/// Window arithmetic shared by the windowed limiters, in Unix milliseconds.
enum Window {
    /// The start of the window holding `time`: windows are aligned to the epoch, so every
    /// replica and every key agrees where a window begins (floor division, also before 1970).
    static func start(of time: Int64, length: Int64) -> Int64 {
        time - ((time % length) + length) % length
    }
}
