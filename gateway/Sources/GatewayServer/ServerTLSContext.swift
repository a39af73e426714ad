import COpenSSL
import CShims
import RPC

/// An OpenSSL context for public-facing TLS termination: server certificate only (clients are
/// not asked for one), TLS 1.2 or newer, and ALPN fixed to `http/1.1`.
///
/// The runtime's `TLSContext` is mutual TLS 1.3 between platform components and requires a
/// SPIFFE identity from the peer, which browsers and API clients do not have; this context
/// shares its error capture (`TLSError`) and nothing else.
final class ServerTLSContext: @unchecked Sendable {
    // Immutable after init; OpenSSL allows one SSL_CTX to create sessions on many threads.
    let context: OpaquePointer

    init(_ configuration: HTTPServerTLS) throws {
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_server_method()) else {
            throw TLSError.fromQueue("SSL_CTX_new")
        }
        self.context = context
        // TLS 1.0 and 1.1 are deprecated (RFC 8996).
        _ = cshim_SSL_CTX_set_min_proto_version(context, Int32(TLS1_2_VERSION))
        // Outbound bytes live in a growing array: let OpenSSL accept it moving and write partially.
        _ = cshim_SSL_CTX_set_mode(context, CSHIM_SSL_MODE_ENABLE_PARTIAL_WRITE | CSHIM_SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER)
        guard SSL_CTX_use_certificate_chain_file(context, configuration.certificatePath) == 1 else {
            throw TLSError.fromQueue("loading certificate \(configuration.certificatePath)")
        }
        guard SSL_CTX_use_PrivateKey_file(context, configuration.privateKeyPath, SSL_FILETYPE_PEM) == 1 else {
            throw TLSError.fromQueue("loading private key \(configuration.privateKeyPath)")
        }
        guard SSL_CTX_check_private_key(context) == 1 else {
            throw TLSError.fromQueue("private key does not match certificate")
        }
        // Read ahead: fetch whole records (and whatever follows) per read(2), instead of a 5-byte
        // header read and then the record body.
        _ = SSL_CTX_ctrl(context, SSL_CTRL_SET_READ_AHEAD, 1, nil)
        SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nil)
        SSL_CTX_set_alpn_select_cb(context, selectHTTP11, nil)
    }

    deinit { SSL_CTX_free(context) }

    /// A server-side session on `fd`, ready for `SSL_do_handshake`.
    func makeSession(fd: Int32) throws -> OpaquePointer {
        guard let ssl = SSL_new(context) else { throw TLSError.fromQueue("SSL_new") }
        SSL_set_fd(ssl, fd)
        SSL_set_accept_state(ssl)
        return ssl
    }
}

/// ALPN (RFC 7301): pick `http/1.1` from the client's list. A client offering only other
/// protocols (h2 alone) gets no ALPN answer and may fall back or give up; we speak HTTP/1.1 only.
private func selectHTTP11(
    _ ssl: OpaquePointer?, _ out: UnsafeMutablePointer<UnsafePointer<UInt8>?>?, _ outLength: UnsafeMutablePointer<UInt8>?,
    _ offered: UnsafePointer<UInt8>?, _ offeredLength: UInt32, _ argument: UnsafeMutableRawPointer?
) -> Int32 {
    guard let offered, let out, let outLength else { return SSL_TLSEXT_ERR_NOACK }
    // The list is a sequence of length-prefixed protocol names.
    var index = 0
    let total = Int(offeredLength)
    while index < total {
        let length = Int(offered[index])
        let start = index + 1
        guard start + length <= total else { break }
        if length == http11.count && (0..<length).allSatisfy({ offered[start + $0] == http11[$0] }) {
            out.pointee = offered + start
            outLength.pointee = UInt8(length)
            return SSL_TLSEXT_ERR_OK
        }
        index = start + length
    }
    return SSL_TLSEXT_ERR_NOACK
}

private let http11: [UInt8] = Array("http/1.1".utf8)
