/// What `HTTPRequestParser.next()` produced.
public enum HTTPParserEvent: Sendable, Equatable {
    /// A head is complete and its body not yet read. The caller may now set the route's body
    /// limit with `setBodyLimit(_:)` and, when `expectsContinue`, send `100 Continue`.
    case head(HTTPRequestHead)
    /// The request that the last `.head` began is complete.
    case request(HTTPRequest)
}

/// An incremental HTTP/1.1 request parser (RFC 9112): a pure state machine with no I/O.
///
/// Feed it bytes as they arrive and drain events with `next()` until it returns nil. Each request
/// yields `.head` then `.request`, in order, however the bytes were split, so pipelined requests
/// come out one after another. Between the two the caller may set a per-request body limit:
///
/// ```swift
/// parser.feed(bytes)
/// while let event = try parser.next() {
///     switch event {
///     case .head(let head):
///         try parser.setBodyLimit(route(for: head).maxBody)   // 413 before any body is read
///         if head.expectsContinue { send("HTTP/1.1 100 Continue\r\n\r\n") }
///     case .request(let request):
///         respond(to: request)                                // close if !request.keepAlive
///     }
/// }
/// ```
///
/// A thrown `HTTPParseError` carries the status to answer; the connection must then close, and
/// the parser rethrows the same error. After a request that does not keep the connection alive,
/// the parser ignores any further bytes.
public struct HTTPRequestParser: Sendable {
    private enum Phase: Sendable {
        case requestLine
        case headerFields
        case headComplete
        case contentBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailerFields
        case closed
        case failed(HTTPParseError)
    }

    /// The limits in force.
    public let limits: HTTPParserLimits

    private var buffer: [UInt8] = []
    private var readIndex = 0
    /// Bytes past `readIndex` already scanned for the current line's LF.
    private var scanned = 0
    private var phase: Phase = .requestLine

    private var method = ""
    private var target = ""
    private var version = HTTPVersion.http1_1
    private var fields = HTTPHeaders()
    private var sectionBytes = 0
    private var head: HTTPRequestHead?
    private var bodyLimit: Int
    private var body: [UInt8] = []

    /// Creates a parser with the given limits.
    public init(limits: HTTPParserLimits = HTTPParserLimits()) {
        self.limits = limits
        self.bodyLimit = limits.maxBody
    }

    /// Appends bytes received from the connection; call `next()` after each feed, since the
    /// limits bound what `next()` keeps, not what waits to be parsed. Once the connection is
    /// closing or the parser has failed, bytes are dropped.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        guard acceptsBytes else { return }
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Appends bytes received from the connection; see `feed(_:)` for raw buffers.
    public mutating func feed(_ bytes: [UInt8]) {
        guard acceptsBytes else { return }
        compact()
        buffer.append(contentsOf: bytes)
    }

    private var acceptsBytes: Bool {
        switch phase {
        case .closed, .failed: false
        default: true
        }
    }

    /// Bytes fed but not yet consumed by the parser.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// Whether a request's head has begun but is not complete: part of a request line is
    /// buffered, or the line is parsed and header fields are awaited. A server times this
    /// stretch (slowloris) separately from the body and from idle keep-alive time.
    public var isReadingHead: Bool {
        switch phase {
        case .requestLine: bufferedByteCount > 0
        case .headerFields: true
        default: false
        }
    }

    /// Sets the body limit for the request whose `.head` was just returned, overriding
    /// `limits.maxBody`. Throws `contentTooLarge` (413) at once when a declared Content-Length
    /// exceeds it, so the server can refuse before sending `100 Continue`. Outside that moment
    /// it does nothing.
    public mutating func setBodyLimit(_ limit: Int) throws(HTTPParseError) {
        guard case .headComplete = phase, let head else { return }
        bodyLimit = max(0, limit)
        if case .contentLength(let length) = head.framing, length > bodyLimit {
            throw fail(HTTPParseError(.contentTooLarge, "Content-Length \(length) exceeds the body limit \(bodyLimit)"))
        }
    }

    /// Parses what has been fed: the next head or complete request, or nil when more bytes are
    /// needed (or the connection is closing). Throws the error that ends the connection.
    public mutating func next() throws(HTTPParseError) -> HTTPParserEvent? {
        do throws(HTTPParseError) {
            return try step()
        } catch {
            throw fail(error)
        }
    }

    /// Parses the next complete request, passing over heads with the default body limit.
    public mutating func nextRequest() throws(HTTPParseError) -> HTTPRequest? {
        while let event = try next() {
            if case .request(let request) = event { return request }
        }
        return nil
    }

    private mutating func fail(_ error: HTTPParseError) -> HTTPParseError {
        phase = .failed(error)
        buffer = []
        readIndex = 0
        scanned = 0
        body = []
        return error
    }

    private mutating func compact() {
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            readIndex = 0
        } else if readIndex >= 4096, readIndex * 2 >= buffer.count {
            buffer.removeFirst(readIndex)
            readIndex = 0
        }
    }

    // MARK: The state machine

    private mutating func step() throws(HTTPParseError) -> HTTPParserEvent? {
        while true {
            switch phase {
            case .failed(let error):
                throw error
            case .closed:
                // The request said the connection ends after it; nothing else is read (RFC 9112 §9.6).
                readIndex = buffer.count
                return nil

            case .requestLine:
                guard let line = try nextLine(limit: limits.maxRequestLine, tooLong: .uriTooLong) else { return nil }
                // RFC 9112 §2.2: a server SHOULD ignore empty lines received before the request line.
                if line.isEmpty { continue }
                try parseRequestLine(line)
                fields = HTTPHeaders()
                sectionBytes = 0
                phase = .headerFields

            case .headerFields:
                guard let line = try nextLine(limit: max(0, limits.maxHeaderBytes - sectionBytes - 2), tooLong: .headerFieldsTooLarge) else { return nil }
                if line.isEmpty {
                    let head = try makeHead()
                    self.head = head
                    bodyLimit = limits.maxBody
                    phase = .headComplete
                    return .head(head)
                }
                try appendField(line, section: "header")

            case .headComplete:
                guard let head else { throw HTTPParseError(.badRequest, "internal: no head") }
                body = []
                switch head.framing {
                case .none:
                    return finishRequest(trailers: HTTPHeaders())
                case .contentLength(let length):
                    if length > bodyLimit {
                        throw HTTPParseError(.contentTooLarge, "Content-Length \(length) exceeds the body limit \(bodyLimit)")
                    }
                    if length == 0 { return finishRequest(trailers: HTTPHeaders()) }
                    body.reserveCapacity(length)
                    phase = .contentBody(remaining: length)
                case .chunked:
                    phase = .chunkSize
                }

            case .contentBody(let remaining):
                let taken = takeBody(upTo: remaining)
                if taken == 0 { return nil }
                if taken < remaining {
                    phase = .contentBody(remaining: remaining - taken)
                    return nil
                }
                return finishRequest(trailers: HTTPHeaders())

            case .chunkSize:
                guard let line = try nextLine(limit: limits.maxRequestLine, tooLong: .badRequest) else { return nil }
                let size = try parseChunkSize(line)
                if size == 0 {
                    fields = HTTPHeaders()
                    sectionBytes = 0
                    phase = .trailerFields
                } else {
                    // Checked before buffering: the chunk would take the body past its limit.
                    if size > bodyLimit - body.count {
                        throw HTTPParseError(.contentTooLarge, "chunked body exceeds the body limit \(bodyLimit)")
                    }
                    phase = .chunkData(remaining: size)
                }

            case .chunkData(let remaining):
                let taken = takeBody(upTo: remaining)
                if taken == 0 { return nil }
                phase = taken < remaining ? .chunkData(remaining: remaining - taken) : .chunkDataEnd

            case .chunkDataEnd:
                guard let line = try nextLine(limit: 0, tooLong: .badRequest) else { return nil }
                if !line.isEmpty { throw HTTPParseError(.badRequest, "chunk data not followed by CRLF") }
                phase = .chunkSize

            case .trailerFields:
                guard let line = try nextLine(limit: max(0, limits.maxHeaderBytes - sectionBytes - 2), tooLong: .headerFieldsTooLarge) else { return nil }
                if line.isEmpty {
                    let trailers = fields
                    return finishRequest(trailers: trailers)
                }
                try appendField(line, section: "trailer")
            }
        }
    }

    private mutating func finishRequest(trailers: HTTPHeaders) -> HTTPParserEvent? {
        guard let head else { return nil }
        let request = HTTPRequest(head: head, body: body, trailers: trailers)
        self.head = nil
        body = []
        fields = HTTPHeaders()
        phase = head.keepAlive ? .requestLine : .closed
        return .request(request)
    }

    private mutating func takeBody(upTo count: Int) -> Int {
        let taken = min(count, buffer.count - readIndex)
        if taken > 0 {
            body.append(contentsOf: buffer[readIndex ..< readIndex + taken])
            readIndex += taken
        }
        return taken
    }

    // MARK: Lines

    /// The next CRLF-terminated line's content (without CRLF), consumed; nil until one is buffered.
    ///
    /// RFC 9112 §2.2 lets a recipient accept a bare LF and replace a bare CR; we refuse both,
    /// since parsers that disagree on line ends are how requests are smuggled. The scan visits
    /// bytes in order and decides each from itself and its successor only, so the outcome does
    /// not depend on how the input was split.
    private mutating func nextLine(limit: Int, tooLong: HTTPParseError.Code) throws(HTTPParseError) -> ArraySlice<UInt8>? {
        let available = buffer.count - readIndex
        var offset = scanned
        while offset < available {
            let byte = buffer[readIndex + offset]
            if byte == lf {
                if offset == 0 || buffer[readIndex + offset - 1] != cr {
                    throw HTTPParseError(.badRequest, "bare LF")
                }
                let line = buffer[readIndex ..< readIndex + offset - 1]
                readIndex += offset + 1
                scanned = 0
                return line
            }
            // Content reaching offset limit + 1 is longer than the limit whatever follows.
            if offset > limit {
                throw HTTPParseError(tooLong, "line longer than \(limit) bytes")
            }
            if byte == cr {
                guard offset + 1 < available else { break }
                if buffer[readIndex + offset + 1] != lf {
                    throw HTTPParseError(.badRequest, "bare CR")
                }
            }
            offset += 1
        }
        scanned = offset
        return nil
    }

    // MARK: Request line

    /// `method SP request-target SP HTTP-version` (RFC 9112 §3), single spaces only.
    private mutating func parseRequestLine(_ line: ArraySlice<UInt8>) throws(HTTPParseError) {
        guard let firstSpace = line.firstIndex(of: sp) else {
            throw HTTPParseError(.badRequest, "request line without spaces")
        }
        let methodBytes = line[..<firstSpace]
        guard !methodBytes.isEmpty, methodBytes.allSatisfy(isTokenByte) else {
            throw HTTPParseError(.badRequest, "invalid method")
        }
        let rest = line[(firstSpace + 1)...]
        guard let secondSpace = rest.firstIndex(of: sp) else {
            throw HTTPParseError(.badRequest, "request line without a version")
        }
        let targetBytes = rest[..<secondSpace]
        guard !targetBytes.isEmpty, targetBytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw HTTPParseError(.badRequest, "invalid request target")
        }
        let versionBytes = rest[(secondSpace + 1)...]
        guard versionBytes.count == 8, versionBytes.starts(with: httpSlash) else {
            throw HTTPParseError(.badRequest, "invalid HTTP version")
        }
        let start = versionBytes.startIndex
        let major = versionBytes[start + 5], dot = versionBytes[start + 6], minor = versionBytes[start + 7]
        guard isDigit(major), dot == UInt8(ascii: "."), isDigit(minor) else {
            throw HTTPParseError(.badRequest, "invalid HTTP version")
        }
        let parsed = HTTPVersion(major: Int(major - zero), minor: Int(minor - zero))
        guard parsed == .http1_1 || parsed == .http1_0 else {
            throw HTTPParseError(.versionNotSupported, "unsupported version \(parsed)")
        }
        method = String(decoding: methodBytes, as: UTF8.self)
        target = String(decoding: targetBytes, as: UTF8.self)
        version = parsed
    }

    // MARK: Fields

    /// `field-name ":" OWS field-value OWS` (RFC 9112 §5), into `fields`, within the section's limits.
    private mutating func appendField(_ line: ArraySlice<UInt8>, section: String) throws(HTTPParseError) {
        sectionBytes += line.count + 2
        if sectionBytes > limits.maxHeaderBytes {
            throw HTTPParseError(.headerFieldsTooLarge, "\(section) section over \(limits.maxHeaderBytes) bytes")
        }
        guard let first = line.first else { return }
        // RFC 9112 §5.2: obs-fold is refused in requests.
        if first == sp || first == htab {
            throw HTTPParseError(.badRequest, "obs-fold (line folding) in \(section) section")
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
            throw HTTPParseError(.badRequest, "\(section) field without a colon")
        }
        let name = line[..<colon]
        // RFC 9112 §5.1: whitespace between name and colon MUST be rejected with 400.
        if let last = name.last, last == sp || last == htab {
            throw HTTPParseError(.requestSmuggling, "whitespace before the colon in a \(section) field")
        }
        guard !name.isEmpty, name.allSatisfy(isTokenByte) else {
            throw HTTPParseError(.badRequest, "invalid \(section) field name")
        }
        var value = line[(colon + 1)...]
        while let byte = value.first, byte == sp || byte == htab { value = value.dropFirst() }
        while let byte = value.last, byte == sp || byte == htab { value = value.dropLast() }
        // field-vchar: VCHAR / obs-text, with SP and HTAB inside; no NUL or other controls.
        guard value.allSatisfy({ $0 == sp || $0 == htab || ($0 > 0x20 && $0 != 0x7F) }) else {
            throw HTTPParseError(.badRequest, "invalid byte in a \(section) field value")
        }
        fields.append(name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self))
        if fields.count > limits.maxHeaderCount {
            throw HTTPParseError(.headerFieldsTooLarge, "more than \(limits.maxHeaderCount) \(section) fields")
        }
    }

    /// Works out framing, persistence and expectations from the header section.
    private func makeHead() throws(HTTPParseError) -> HTTPRequestHead {
        // Counts and first values, not arrays: no allocation for the common request.
        var contentLength: String?
        var contentLengthCount = 0
        var transferEncoding: String?
        var transferEncodingCount = 0
        var hostCount = 0
        var connectionClose = false
        var connectionKeepAlive = false
        var expectsContinue = false
        for field in fields {
            let name = field.name
            if HTTPHeaders.namesEqual(name, "content-length") {
                contentLengthCount += 1
                contentLength = contentLength ?? field.value
            } else if HTTPHeaders.namesEqual(name, "transfer-encoding") {
                transferEncodingCount += 1
                transferEncoding = transferEncoding ?? field.value
            } else if HTTPHeaders.namesEqual(name, "host") {
                hostCount += 1
            } else if HTTPHeaders.namesEqual(name, "connection") {
                for option in field.value.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: true) {
                    let token = trimmed(option)
                    if asciiEqualsLowercase(token, "close") { connectionClose = true }
                    if asciiEqualsLowercase(token, "keep-alive") { connectionKeepAlive = true }
                }
            } else if HTTPHeaders.namesEqual(name, "expect") {
                if asciiEqualsLowercase(trimmed(field.value.utf8[...]), "100-continue") { expectsContinue = true }
            }
        }
        // RFC 9112 §3.2: exactly one Host in HTTP/1.1, at most one in HTTP/1.0.
        if hostCount > 1 || (hostCount == 0 && version == .http1_1) {
            throw HTTPParseError(.badRequest, "\(hostCount) Host fields")
        }

        let framing: HTTPBodyFraming
        if let transferEncoding {
            // RFC 9112 §6.1, §6.3: both framings at once, or Transfer-Encoding in HTTP/1.0, is
            // the classic smuggling vector; and we decode no coding but `chunked` alone.
            if contentLengthCount > 0 {
                throw HTTPParseError(.requestSmuggling, "both Content-Length and Transfer-Encoding")
            }
            if version == .http1_0 {
                throw HTTPParseError(.requestSmuggling, "Transfer-Encoding in an HTTP/1.0 request")
            }
            guard transferEncodingCount == 1, asciiEqualsLowercase(trimmed(transferEncoding.utf8[...]), "chunked") else {
                throw HTTPParseError(.requestSmuggling, "Transfer-Encoding other than exactly chunked")
            }
            framing = .chunked
        } else if let contentLength {
            guard contentLengthCount == 1 else {
                throw HTTPParseError(.requestSmuggling, "\(contentLengthCount) Content-Length fields")
            }
            guard let length = parseContentLength(contentLength) else {
                throw HTTPParseError(.requestSmuggling, "invalid Content-Length")
            }
            framing = length == 0 ? .none : .contentLength(length)
        } else {
            framing = .none
        }

        let keepAlive = version == .http1_1 ? !connectionClose : (connectionKeepAlive && !connectionClose)
        return HTTPRequestHead(
            method: method, target: target, version: version, headers: fields, framing: framing,
            keepAlive: keepAlive,
            // RFC 9110 §10.1.1: a server MUST ignore 100-continue from an HTTP/1.0 client.
            expectsContinue: expectsContinue && version == .http1_1
        )
    }

    /// `1*DIGIT`, saturating at `Int.max` (so a huge value answers 413, not 400).
    private func parseContentLength(_ value: String) -> Int? {
        var result = 0
        var digits = 0
        for byte in value.utf8 {
            guard isDigit(byte) else { return nil }
            digits += 1
            let (product, overflow1) = result.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = product.addingReportingOverflow(Int(byte - zero))
            result = overflow1 || overflow2 ? Int.max : sum
        }
        return digits > 0 ? result : nil
    }

    /// `chunk-size [ chunk-ext ]` (RFC 9112 §7.1.1); extensions are checked and ignored.
    private func parseChunkSize(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> Int {
        var size = 0
        var index = line.startIndex
        while index < line.endIndex, let digit = hexValue(line[index]) {
            let (product, overflow1) = size.multipliedReportingOverflow(by: 16)
            let (sum, overflow2) = product.addingReportingOverflow(digit)
            size = overflow1 || overflow2 ? Int.max : sum
            index += 1
        }
        if index == line.startIndex {
            throw HTTPParseError(.badRequest, "chunk size is not hexadecimal")
        }
        let rest = line[index...]
        if !rest.isEmpty {
            // chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
            let afterSpace = rest.drop { $0 == sp || $0 == htab }
            guard afterSpace.first == UInt8(ascii: ";"),
                  afterSpace.allSatisfy({ $0 == htab || ($0 >= 0x20 && $0 != 0x7F) }) else {
                throw HTTPParseError(.badRequest, "invalid chunk extension")
            }
        }
        return size
    }
}

// MARK: Bytes

private let cr = UInt8(ascii: "\r")
private let lf = UInt8(ascii: "\n")
private let sp = UInt8(ascii: " ")
private let htab = UInt8(ascii: "\t")
private let zero = UInt8(ascii: "0")
private let httpSlash: [UInt8] = Array("HTTP/".utf8)

private func isDigit(_ byte: UInt8) -> Bool { byte >= zero && byte <= UInt8(ascii: "9") }

private func hexValue(_ byte: UInt8) -> Int? {
    switch byte {
    case UInt8(ascii: "0") ... UInt8(ascii: "9"): Int(byte - zero)
    case UInt8(ascii: "a") ... UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
    case UInt8(ascii: "A") ... UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
    default: nil
    }
}

/// tchar (RFC 9110 §5.6.2).
private func isTokenByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a") ... UInt8(ascii: "z"), UInt8(ascii: "A") ... UInt8(ascii: "Z"), UInt8(ascii: "0") ... UInt8(ascii: "9"):
        true
    case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"),
         UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"),
         UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
        true
    default:
        false
    }
}

private func trimmed(_ bytes: Substring.UTF8View) -> Substring.UTF8View {
    var bytes = bytes
    while let byte = bytes.first, byte == sp || byte == htab { bytes = bytes.dropFirst() }
    while let byte = bytes.last, byte == sp || byte == htab { bytes = bytes.dropLast() }
    return bytes
}

private func asciiEqualsLowercase(_ bytes: Substring.UTF8View, _ lowercase: StaticString) -> Bool {
    let expected = UnsafeBufferPointer(start: lowercase.utf8Start, count: lowercase.utf8CodeUnitCount)
    return bytes.elementsEqual(expected) { asciiLower($0) == $1 }
}
