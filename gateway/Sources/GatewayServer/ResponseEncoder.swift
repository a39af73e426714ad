import GatewayHTTP

/// Frames responses into a connection's outbound bytes: status line, the responder's headers,
/// then the headers the server owns (`Date`, `Content-Length`, `Connection`), then the body.
enum ResponseEncoder {
    /// What the `Connection` header says about the connection after this response.
    enum Persistence {
        /// HTTP/1.1 keep-alive: no header needed.
        case keepAlive
        /// An HTTP/1.0 client asked for keep-alive and must be told it was granted.
        case keepAliveHTTP10
        /// The connection closes after this response.
        case close
    }

    /// Appends `response` to `out`. `omitBody` is true for HEAD requests; 1xx, 204 and 304 never
    /// carry a body either (RFC 9110 §6.4.1). A HEAD response keeps the Content-Length a GET
    /// would have had (RFC 9110 §8.6).
    static func encode(_ response: HTTPResponse, omitBody: Bool, persistence: Persistence, date: [UInt8], into out: inout [UInt8]) {
        let status = (100...999).contains(response.status) ? response.status : 500
        out.append(contentsOf: statusLine(status))
        for field in response.headers where !isServerOwned(field.name) {
            out.append(contentsOf: field.name.utf8)
            out.append(contentsOf: colonSpace)
            out.append(contentsOf: field.value.utf8)
            out.append(contentsOf: crlf)
        }
        out.append(contentsOf: dateName)
        out.append(contentsOf: date)
        out.append(contentsOf: crlf)
        let bodyless = status < 200 || status == 204 || status == 304
        if !bodyless {
            out.append(contentsOf: contentLengthName)
            appendDecimal(response.body.count, to: &out)
            out.append(contentsOf: crlf)
        }
        switch persistence {
        case .keepAlive: break
        case .keepAliveHTTP10: out.append(contentsOf: connectionKeepAlive)
        case .close: out.append(contentsOf: connectionClose)
        }
        out.append(contentsOf: crlf)
        if !omitBody && !bodyless { out.append(contentsOf: response.body) }
    }

    /// The interim response to `Expect: 100-continue` (RFC 9110 §10.1.1).
    static let continueResponse: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// `HTTP/1.1 <status> <reason>\r\n`, prebuilt per status so the hot path copies bytes only.
    static func statusLine(_ status: Int) -> [UInt8] {
        statusLines[status - 100]
    }

    private static let statusLines: [[UInt8]] = (100...999).map { status in
        Array("HTTP/1.1 \(status) \(reasonPhrase(status))\r\n".utf8)
    }

    /// RFC 9110 §15 reason phrases; clients ignore them, so unknown codes get a class name.
    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 101: "Switching Protocols"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 206: "Partial Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 402: "Payment Required"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 406: "Not Acceptable"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 410: "Gone"
        case 411: "Length Required"
        case 412: "Precondition Failed"
        case 413: "Content Too Large"
        case 414: "URI Too Long"
        case 415: "Unsupported Media Type"
        case 417: "Expectation Failed"
        case 422: "Unprocessable Content"
        case 425: "Too Early"
        case 428: "Precondition Required"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        default:
            switch status / 100 {
            case 1: "Informational"
            case 2: "Success"
            case 3: "Redirection"
            case 4: "Client Error"
            default: "Server Error"
            }
        }
    }

    /// Whether the server writes this header itself (so the responder's copy is dropped).
    static func isServerOwned(_ name: String) -> Bool {
        switch name.utf8.count {
        case 4: asciiCaseInsensitiveEqual(name, "date")
        case 10: asciiCaseInsensitiveEqual(name, "connection")
        case 14: asciiCaseInsensitiveEqual(name, "content-length")
        // Framing is Content-Length only; a responder's Transfer-Encoding would contradict it.
        case 17: asciiCaseInsensitiveEqual(name, "transfer-encoding")
        default: false
        }
    }

    private static func asciiCaseInsensitiveEqual(_ name: String, _ lowercase: StaticString) -> Bool {
        let expected = UnsafeBufferPointer(start: lowercase.utf8Start, count: lowercase.utf8CodeUnitCount)
        return name.utf8.elementsEqual(expected) { ($0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0) == $1 }
    }

    private static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 10 {
            out.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            while rest > 0 {
                buffer[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[index]) }
        }
    }

    private static let crlf: [UInt8] = [13, 10]
    private static let colonSpace: [UInt8] = [UInt8(ascii: ":"), UInt8(ascii: " ")]
    private static let dateName: [UInt8] = Array("Date: ".utf8)
    private static let contentLengthName: [UInt8] = Array("Content-Length: ".utf8)
    private static let connectionClose: [UInt8] = Array("Connection: close\r\n".utf8)
    private static let connectionKeepAlive: [UInt8] = Array("Connection: keep-alive\r\n".utf8)
}
