import COpenSSL
import CShims
import Foundation

/// An OpenSSL context for one side of mutual TLS 1.3: our certificate and key, the CA
/// peers must chain to, and peer verification required in both directions.
final class TLSContext: @unchecked Sendable {
    let context: OpaquePointer

    init(configuration: TLSConfiguration, isServer: Bool) throws {
        guard let context = SSL_CTX_new(isServer ? TLS_server_method() : TLS_client_method()) else {
            throw TLSError.fromQueue("SSL_CTX_new")
        }
        self.context = context
        // TLS 1.3 only: the platform controls both ends, so there is nothing older to speak to.
        _ = cshim_SSL_CTX_set_min_proto_version(context, CSHIM_TLS1_3_VERSION)
        _ = cshim_SSL_CTX_set_max_proto_version(context, CSHIM_TLS1_3_VERSION)
        // The write buffer is a growing array: let OpenSSL accept it moving and write partially.
        _ = cshim_SSL_CTX_set_mode(context, CSHIM_SSL_MODE_ENABLE_PARTIAL_WRITE | CSHIM_SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER)
        if isServer {
            // Connections are long-lived and internal: tickets would only cost bytes and CPU.
            _ = SSL_CTX_set_num_tickets(context, 0)
        }
        guard SSL_CTX_use_certificate_chain_file(context, configuration.certificatePath) == 1 else {
            throw TLSError.fromQueue("loading certificate \(configuration.certificatePath)")
        }
        guard SSL_CTX_use_PrivateKey_file(context, configuration.privateKeyPath, SSL_FILETYPE_PEM) == 1 else {
            throw TLSError.fromQueue("loading private key \(configuration.privateKeyPath)")
        }
        guard SSL_CTX_check_private_key(context) == 1 else {
            throw TLSError.fromQueue("private key does not match certificate")
        }
        guard SSL_CTX_load_verify_locations(context, configuration.trustRootsPath, nil) == 1 else {
            throw TLSError.fromQueue("loading trust roots \(configuration.trustRootsPath)")
        }
        // Mutual authentication: a peer without a certificate from our CA never gets in.
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nil)
    }

    deinit { SSL_CTX_free(context) }

    func makeSession(fd: Int32, isServer: Bool) throws -> OpaquePointer {
        guard let ssl = SSL_new(context) else { throw TLSError.fromQueue("SSL_new") }
        SSL_set_fd(ssl, fd)
        if isServer { SSL_set_accept_state(ssl) } else { SSL_set_connect_state(ssl) }
        return ssl
    }

    /// The first `spiffe://` URI SAN of the peer's certificate.
    static func peerIdentity(_ ssl: OpaquePointer) -> String? {
        guard let certificate = SSL_get0_peer_certificate(ssl) else { return nil }
        let count = cshim_x509_uri_san_count(certificate)
        var buffer = [CChar](repeating: 0, count: 512)
        for index in 0..<count {
            let length = cshim_x509_uri_san(certificate, index, &buffer, Int32(buffer.count))
            guard length > 0 else { continue }
            let uri = String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if uri.hasPrefix("spiffe://") { return uri }
        }
        return nil
    }
}

/// A TLS failure with OpenSSL's error queue text captured where it happened.
package struct TLSError: Error, CustomStringConvertible {
    package let description: String

    package static func fromQueue(_ what: String) -> TLSError {
        TLSError(description: "\(what): \(drainQueue())")
    }

    /// Empties OpenSSL's thread-local error queue into one line.
    package static func drainQueue() -> String {
        var messages: [String] = []
        var buffer = [CChar](repeating: 0, count: 256)
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            ERR_error_string_n(code, &buffer, buffer.count)
            messages.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return messages.isEmpty ? "no OpenSSL error recorded" : messages.joined(separator: "; ")
    }
}
