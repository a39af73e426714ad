import COpenSSL
import Foundation

/// A TLS 1.3 client that presents no certificate.
final class AnonymousTLSPeer {
    private let fd: Int32
    private let context: OpaquePointer
    private let ssl: OpaquePointer
    private let handshake: Int32

    init(port: Int) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var timeout = timeval(tv_sec: 3, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        context = SSL_CTX_new(TLS_client_method())!
        ssl = SSL_new(context)!
        SSL_set_fd(ssl, fd)
        handshake = SSL_connect(ssl)
    }

    deinit {
        SSL_free(ssl)
        SSL_CTX_free(context)
        close(fd)
    }

    /// In TLS 1.3 the client may finish before the server rejects it, so success means
    /// the server then actually sends protocol bytes (its HELLO) rather than an alert.
    func handshakeSucceededAndServerTalks() -> Bool {
        guard handshake == 1 else { return false }
        var byte: UInt8 = 0
        return SSL_read(ssl, &byte, 1) == 1
    }
}
