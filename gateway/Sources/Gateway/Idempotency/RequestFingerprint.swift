import Credentials
import GatewayHTTP

/// What a retry must repeat to be the same request: the SHA-256 of the method, the target
/// (path and query) and the body. Headers are left out: a retry may carry a new request id,
/// token or `User-Agent` and still be the same request.
enum RequestFingerprint {
    static func of(_ request: HTTPRequest) -> [UInt8] {
        // A newline cannot occur in a method or target (the parser refuses it), so the body
        // starts at an unambiguous place.
        SHA256.digest(Array("\(request.method) \(request.target)\n".utf8) + request.body)
    }
}
