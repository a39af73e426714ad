import COpenSSL
import Foundation
import RPCCore
import RPCTestKit

/// A hand-driven TLS peer that speaks raw bytes, to send what a well-behaved client never would.
/// Not thread-safe: one task drives it at a time.
final class RawPeer: @unchecked Sendable {
    private let fd: Int32
    private let context: OpaquePointer
    private let ssl: OpaquePointer
    private var buffer: [UInt8] = []

    init(port: Int, identity: String = "cli") throws {
        let fd = try connectTCP(port: port)
        self.fd = fd
        let tls = TestCertificates.shared.tls(identity)
        context = SSL_CTX_new(TLS_client_method())!
        SSL_CTX_use_certificate_chain_file(context, tls.certificatePath)
        SSL_CTX_use_PrivateKey_file(context, tls.privateKeyPath, SSL_FILETYPE_PEM)
        SSL_CTX_load_verify_locations(context, tls.trustRootsPath, nil)
        ssl = SSL_new(context)!
        SSL_set_fd(ssl, fd)
        guard SSL_connect(ssl) == 1 else { throw RPCError(.unavailable, "TLS handshake failed") }
    }

    deinit {
        SSL_free(ssl)
        SSL_CTX_free(context)
        close(fd)
    }

    func send(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32($0.count)) }
    }

    func send(_ frame: Frame) {
        var bytes: [UInt8] = []
        frame.encode(into: &bytes)
        send(bytes)
    }

    func sendHello() {
        send(.hello(Hello(maxFrameSize: 1 << 20, maxConcurrentStreams: 100)))
    }

    /// The next frame, or nil once the server has closed the connection (or 5 s pass).
    func readFrame() -> Frame? {
        let decoder = FrameDecoder(maxFrameSize: 1 << 24)
        while true {
            let parsed: (Frame, Int)?? = buffer.withUnsafeBytes { raw in
                guard let (header, payload) = try? decoder.next(in: raw) else { return .some(nil) }
                guard let frame = try? Frame(header: header, payload: payload) else { return nil }
                return (frame, FrameHeader.size + Int(header.length))
            }
            if case .some(.some(let (frame, length))) = parsed {
                buffer.removeFirst(length)
                return frame
            }
            var chunk = [UInt8](repeating: 0, count: 16384)
            let count = chunk.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32($0.count)) }
            guard count > 0 else { return nil }
            buffer.append(contentsOf: chunk[0..<Int(count)])
        }
    }

    /// Every frame until the server closes; the last one is usually its GOAWAY.
    /// The reads block, so they run on a thread of their own (`runBlocking`).
    func readUntilClosed() async throws -> [Frame] {
        try await runBlocking {
            var frames: [Frame] = []
            while let frame = self.readFrame() { frames.append(frame) }
            return frames
        }
    }
}

/// A blocking TCP socket connected to 127.0.0.1:`port`, whose reads give up after `timeout` seconds.
func connectTCP(port: Int, timeout seconds: Int = 5) throws -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else {
        close(fd)
        throw RPCError(.unavailable, "connect to port \(port) failed")
    }
    var timeout = timeval(tv_sec: seconds, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    return fd
}
