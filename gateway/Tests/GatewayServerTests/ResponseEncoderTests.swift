@testable import GatewayServer
import Testing

@Suite struct ResponseEncoderTests {
    private let date = Array("Sun, 06 Nov 1994 08:49:37 GMT".utf8)

    private func encode(_ response: HTTPResponse, omitBody: Bool = false, persistence: ResponseEncoder.Persistence = .keepAlive) -> String {
        var out: [UInt8] = []
        ResponseEncoder.encode(response, omitBody: omitBody, persistence: persistence, date: date, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func framesStatusHeadersDateLengthAndBody_droppingServerOwnedHeaders() {
        let response = HTTPResponse(status: 201, headers: [("Content-Type", "application/json"), ("content-length", "999"),
                                                           ("Connection", "upgrade"), ("X-Request-Id", "r1")],
                                    body: Array("{}".utf8))
        #expect(encode(response) == "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Request-Id: r1\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Length: 2\r\n\r\n{}")
    }

    @Test func headKeepsTheLength_butSendsNoBody() {
        let text = encode(HTTPResponse(status: 200, body: Array("hello".utf8)), omitBody: true, persistence: .close)
        #expect(text == "HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Length: 5\r\nConnection: close\r\n\r\n")
    }

    @Test func noContentAndNotModified_haveNeitherLengthNorBody() {
        #expect(encode(HTTPResponse(status: 204, body: [1, 2])) == "HTTP/1.1 204 No Content\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n")
        #expect(encode(HTTPResponse(status: 304, body: [1])) == "HTTP/1.1 304 Not Modified\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n")
    }

    @Test func http10KeepAlive_isConfirmed_andLargeLengthsAreDecimal() {
        let text = encode(HTTPResponse(status: 200, body: [UInt8](repeating: 0, count: 1_234_567)), omitBody: true, persistence: .keepAliveHTTP10)
        #expect(text.hasSuffix("Content-Length: 1234567\r\nConnection: keep-alive\r\n\r\n"))
    }

    @Test func unknownStatus_getsItsClassAsReason() {
        #expect(encode(HTTPResponse(status: 499)).hasPrefix("HTTP/1.1 499 Client Error\r\n"))
    }

    @Test func dateIsIMFFixdate() {
        #expect(String(decoding: HTTPDateCache.format(epochSeconds: 784_111_777), as: UTF8.self) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(String(decoding: HTTPDateCache.format(epochSeconds: 1_709_251_199), as: UTF8.self) == "Thu, 29 Feb 2024 23:59:59 GMT")
    }
}
