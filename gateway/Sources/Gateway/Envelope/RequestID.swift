import Foundation
import GatewayHTTP
import Synchronization

/// The request id of 003 §15.1 (`requestId`), echoed as `X-Request-Id`: the client's own
/// `X-Request-Id` or `X-Correlation-ID` (002) when it is a sane token, else a new one.
enum RequestID {
    /// A random per-process prefix and a counter: unique without a random draw per request.
    private static let prefix = "req_" + String(UInt64.random(in: 0...UInt64.max) & 0xffff_ffff_ffff, radix: 36)
    private static let counter = Atomic<UInt64>(0)

    static func of(_ headers: HTTPHeaders) -> String {
        for name in ["x-request-id", "x-correlation-id"] {
            if let value = headers[name], isAcceptable(value) { return value }
        }
        return next()
    }

    static func next() -> String {
        prefix + "_" + String(counter.add(1, ordering: .relaxed).newValue, radix: 36)
    }

    /// At most 128 characters of letters, digits and `-_.:`: nothing that could split a log line or header.
    static func isAcceptable(_ value: String) -> Bool {
        !value.isEmpty && value.utf8.count <= 128 && value.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"): true
            default: false
            }
        }
    }
}
