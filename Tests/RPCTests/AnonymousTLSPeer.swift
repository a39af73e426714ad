import COpenSSL
import Foundation

/// A TLS 1.3 client that presents no certificate.
final class AnonymousTLSPeer {
    private let fd: Int32
    private let context: OpaquePointer
    private let ssl: OpaquePointer
    private let handshake: Int32

    init(port: Int) throws {
        let fd = try connectTCP(port: port, timeout: 3)
        self.fd = fd
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
