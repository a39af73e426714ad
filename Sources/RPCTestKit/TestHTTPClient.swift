import COpenSSL
import Foundation

/// A blocking HTTP/1.1 client over one real socket (optionally TLS), for tests. Its calls block,
/// so tests use it inside `runBlocking`, off Swift's cooperative pool. A 10 s receive timeout
/// only keeps a broken server from hanging the suite; no test relies on it.
///
/// `@unchecked Sendable`: a test may hand a client from one `runBlocking` thread to the next,
/// but only one thread uses it at a time.
public final class TestHTTPClient: @unchecked Sendable {
    public struct Response: Sendable, Equatable {
        public var status: Int
        public var headers: [String: String]
        public var body: [UInt8]
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    public enum ClientError: Error { case connect(Int32), closed, malformed(String), tls(String) }

    public let fd: Int32
    private var tls: (context: OpaquePointer, ssl: OpaquePointer)?
    private var buffer: [UInt8] = []
    /// The ALPN protocol the server chose, for TLS clients.
    public private(set) var negotiatedProtocol: String?

    public init(port: Int, tlsTrustRoots: String? = nil) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let error = errno
            close(fd)
            throw ClientError.connect(error)
        }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        self.fd = fd
        if let tlsTrustRoots { try startTLS(trustRoots: tlsTrustRoots) }
    }

    deinit {
        if let tls {
            SSL_free(tls.ssl)
            SSL_CTX_free(tls.context)
        }
        close(fd)
    }

    private func startTLS(trustRoots: String) throws {
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw ClientError.tls("SSL_CTX_new") }
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        guard SSL_CTX_load_verify_locations(context, trustRoots, nil) == 1 else { throw ClientError.tls("trust roots") }
        let alpn: [UInt8] = [8] + Array("http/1.1".utf8)
        _ = SSL_CTX_set_alpn_protos(context, alpn, UInt32(alpn.count))
        let ssl = SSL_new(context)!
        SSL_set_fd(ssl, fd)
        tls = (context, ssl)
        guard SSL_connect(ssl) == 1 else { throw ClientError.tls("handshake failed") }
        var selected: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &selected, &length)
        if let selected { negotiatedProtocol = String(decoding: UnsafeBufferPointer(start: selected, count: Int(length)), as: UTF8.self) }
    }

    // MARK: Sending

    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    public func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { raw -> Int in
                if let tls { return Int(SSL_write(tls.ssl, raw.baseAddress! + sent, Int32(raw.count - sent))) }
                return Glibc.send(fd, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
            }
            guard count > 0 else { throw ClientError.closed }
            sent += count
        }
    }

    /// Shuts the sending side, as `curl` does not but some clients do after the last request.
    public func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    // MARK: Receiving

    /// Reads more bytes; returns false at end of stream.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let count = chunk.withUnsafeMutableBytes { raw -> Int in
            if let tls { return Int(SSL_read(tls.ssl, raw.baseAddress, Int32(raw.count))) }
            return recv(fd, raw.baseAddress, raw.count, 0)
        }
        if count > 0 {
            buffer += chunk[0..<count]
            return true
        }
        if count < 0 && tls == nil && (errno == EAGAIN || errno == EWOULDBLOCK) {
            throw ClientError.malformed("receive timed out")
        }
        return false
    }

    /// Reads one response (an interim 1xx included); `bodyless` for a HEAD request's response.
    public func readResponse(bodyless: Bool = false) throws -> Response {
        var headEnd: Int?
        while true {
            if let range = findCRLFCRLF() { headEnd = range; break }
            guard try fill() else { throw ClientError.closed }
        }
        let headBytes = buffer[0..<headEnd!]
        buffer.removeFirst(headEnd! + 4)
        let lines = String(decoding: headBytes, as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ", maxSplits: 2)
        guard statusParts.count >= 2, statusParts[0] == "HTTP/1.1", let status = Int(statusParts[1]) else {
            throw ClientError.malformed(lines[0])
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { throw ClientError.malformed(line) }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body: [UInt8] = []
        if !bodyless, status >= 200, let length = headers["content-length"].flatMap(Int.init) {
            while buffer.count < length {
                guard try fill() else { throw ClientError.closed }
            }
            body = Array(buffer[0..<length])
            buffer.removeFirst(length)
        }
        return Response(status: status, headers: headers, body: body)
    }

    /// True when the server closes the connection with no further bytes.
    public func readsEndOfStream() throws -> Bool {
        if !buffer.isEmpty { return false }
        return try !fill() && buffer.isEmpty
    }

    private func findCRLFCRLF() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4) where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
            return index
        }
        return nil
    }
}

extension TestHTTPClient {
    /// Sends one request with `Content-Length` framing and reads its response.
    public func request(_ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8] = []) throws -> Response {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: localhost\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" || method == "PATCH" || method == "PUT" { head += "Content-Length: \(body.count)\r\n" }
        try send(Array((head + "\r\n").utf8) + body)
        return try readResponse(bodyless: method == "HEAD")
    }
}
