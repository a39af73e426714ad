import Foundation
import RPCCore
import Synchronization
import Testing
@testable import ServiceKit

struct LoggerTests {
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    @Test func writesOneJSONObjectPerLine_withTheCallsRequestIDAndTraceparent() throws {
        let lines = Lines()
        let log = Logger(component: "catalog", sink: { lines.append($0) })
        var metadata = Metadata()
        metadata.requestID = "req-1"
        metadata.traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        let context = CallContext(method: MethodDescriptor(service: "s", method: "M"), metadata: metadata, deadline: nil, peer: "p")
        CallContext.$current.withValue(context) {
            log.info("reserved \"stock\"\n", ["sku": "A-1"])
        }
        log.debug("hidden")
        #expect(lines.all.count == 1)
        let object = try JSONSerialization.jsonObject(with: Data(lines.all[0].utf8)) as? [String: String]
        #expect(object?["msg"] == "reserved \"stock\"\n")
        #expect(object?["requestId"] == "req-1")
        #expect(object?["traceparent"] == metadata.traceparent)
        #expect(object?["component"] == "catalog")
        #expect(object?["sku"] == "A-1")
        #expect(object?["method"] == "s/M")
    }
}
