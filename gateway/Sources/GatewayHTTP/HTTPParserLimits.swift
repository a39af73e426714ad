/// The bounds the parser enforces so a client cannot make the server buffer without limit.
public struct HTTPParserLimits: Sendable, Equatable {
    /// Longest request line, excluding its CRLF; longer answers 414.
    public var maxRequestLine: Int
    /// Most bytes in the header section (each field line with its CRLF), and separately in a
    /// chunked trailer section; more answers 431.
    public var maxHeaderBytes: Int
    /// Most header fields, and separately trailer fields; more answers 431.
    public var maxHeaderCount: Int
    /// Default body limit per request; `HTTPRequestParser.setBodyLimit(_:)` overrides it for one
    /// request. More answers 413.
    public var maxBody: Int

    /// Creates limits; the defaults are 8 KiB, 32 KiB, 100 fields and 1 MiB.
    public init(maxRequestLine: Int = 8 * 1024, maxHeaderBytes: Int = 32 * 1024, maxHeaderCount: Int = 100, maxBody: Int = 1024 * 1024) {
        self.maxRequestLine = maxRequestLine
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBody = maxBody
    }
}
