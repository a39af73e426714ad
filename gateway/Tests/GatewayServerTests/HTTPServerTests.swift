import Foundation
import GatewayHTTP
import GatewayServer
import RPCTestKit
import Testing

@Suite struct HTTPServerTests {
    // MARK: Keep-alive and pipelining

    @Test func keepAlive_servesSeveralRequestsOnOneConnection() async throws {
        try await withHTTPServer { server, _ in
            let port = server.port
            let responses = try await runBlocking {
                let client = try TestHTTPClient(port: port)
                var responses: [TestHTTPClient.Response] = []
                for _ in 0..<3 {
                    try client.send("GET /health/ping HTTP/1.1\r\nHost: a\r\n\r\n")
                    responses.append(try client.readResponse())
                }
                try client.send("GET /other?x=1 HTTP/1.1\r\nHost: a\r\n\r\n")
                responses.append(try client.readResponse())
                return responses
            }
            for response in responses.prefix(3) {
                #expect(response.status == 200)
                #expect(response.text == #"{"status":"ok"}"#)
                #expect(response.headers["content-length"] == "15")
                #expect(response.headers["content-type"] == "application/json")
                #expect(response.headers["date"]?.hasSuffix(" GMT") == true)
                #expect(response.headers["connection"] == nil)
            }
            #expect(responses[3].text == "GET /other?x=1")
        }
    }

    @Test func pipelining_answersInRequestOrder_whenResponsesCompleteOutOfOrder() async throws {
        try await withHTTPServer { server, _ in
            let port = server.port
            let bodies = try await runBlocking {
                let client = try TestHTTPClient(port: port)
                // `/first` cannot finish before `/second` is answered; both arrive in one write.
                try client.send("GET /first HTTP/1.1\r\nHost: a\r\n\r\nGET /second HTTP/1.1\r\nHost: a\r\n\r\nGET /health/ping HTTP/1.1\r\nHost: a\r\n\r\n")
                return try (0..<3).map { _ in try client.readResponse().text }
            }
            #expect(bodies == ["first", "second", #"{"status":"ok"}"#])
        }
    }

    @Test func chunkedBody_reachesTheResponderDecoded() async throws {
        try await withHTTPServer { server, _ in
            let port = server.port
            let response = try await runBlocking {
                let client = try TestHTTPClient(port: port)
                try client.send("POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
                return try client.readResponse()
            }
            #expect(response.status == 200)
            #expect(response.text == "hello world")
        }
    }

    // MARK: Expect: 100-continue

    @Test func expectContinue_sends100Continue_whenTheRouteProceeds() async throws {
        try await withHTTPServer { server, _ in
            let port = server.port
            let (interim, final) = try await runBlocking {
                let client = try TestHTTPClient(port: port)
                try client.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
                let interim = try client.readResponse()
                try client.send("hello")
                return (interim, try client.readResponse())
            }
            #expect(interim.status == 100)
            #expect(final.status == 200)
            #expect(final.text == "hello")
        }
    }

    @Test func expectContinue_getsTheFinalStatusAndClose_whenTheRouteAnswersEarly() async throws {
        try await withHTTPServer { server, _ in
            let port = server.port
            let (response, closed) = try await runBlocking {
                let client = try TestHTTPClient(port: port)
                try client.send("POST /missing HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
                return (try client.readResponse(), try client.readsEndOfStream())
            }
            #expect(response.status == 404)
            #expect(response.headers["connection"] == "close")
            #expect(closed)
        }
    }

    @Test func earlyAnswer_keepsTheConnection_whenTheRequestHasNoBody() async throws {
        try await withHTTPServer { server, _ in
            let port = server.port
            let statuses = try await runBlocking {
                let client = try TestHTTPClient(port: port)
                try client.send("GET /missing HTTP/1.1\r\nHost: a\r\n\r\nGET /health/ping HTTP/1.1\r\nHost: a\r\n\r\n")
                return [try client.readResponse().status, try client.readResponse().status]
            }
            #expect(statuses == [404, 200])
        }
    }

    // MARK: Refusals

    struct Malformed: Sendable, CustomTestStringConvertible {
        var request: String
        var status: Int
        var code: String
        var testDescription: String { "\(status) \(code)" }
    }

    static let malformed: [Malformed] = [
        Malformed(request: "GET / HTTP/1.1\r\nHost: a\r\nBad Header\r\n\r\n", status: 400, code: "bad_request"),
        Malformed(request: "POST /small HTTP/1.1\r\nHost: a\r\nContent-Length: 9\r\n\r\n123456789", status: 413, code: "content_too_large"),
        Malformed(request: "GET /\(String(repeating: "a", count: 9000)) HTTP/1.1\r\nHost: a\r\n\r\n", status: 414, code: "uri_too_long"),
        Malformed(request: "GET / HTTP/1.1\r\nHost: a\r\nX-Big: \(String(repeating: "b", count: 40_000))\r\n\r\n", status: 431, code: "header_fields_too_large"),
        Malformed(request: "GET / HTTP/2.0\r\nHost: a\r\n\r\n", status: 505, code: "version_not_supported"),
    ]

    @Test(arguments: malformed)
    func malformedRequest_getsTheResponderFailureBody_andClose(_ malformed: Malformed) async throws {
        let (request, status, code) = (malformed.request, malformed.status, malformed.code)
        try await withHTTPServer { server, _ in
            let port = server.port
            let (response, closed) = try await runBlocking {
                let client = try TestHTTPClient(port: port)
                try client.send(request)
                return (try client.readResponse(), try client.readsEndOfStream())
            }
            #expect(response.status == status)
            #expect(response.text == #"{"error":{"code":"\#(code)"}}"#)
            #expect(response.headers["connection"] == "close")
            #expect(closed)
        }
    }

    @Test func smuggling_isRefused_andTheHiddenRequestIsNeverAnswered() async throws {
        try await withHTTPServer { server, _ in
            let port = server.port
            let (response, closed) = try await runBlocking {
                let client = try TestHTTPClient(port: port)
                try client.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /health/ping HTTP/1.1\r\nHost: a\r\n\r\n")
                return (try client.readResponse(), try client.readsEndOfStream())
            }
            #expect(response.status == 400)
            #expect(response.text.contains("request_smuggling"))
            #expect(closed)
        }
    }

    @Test func overloadedServer_answers503_beyondMaxConnections() async throws {
        try await withHTTPServer(configure: { $0.maxConnections = 1 }) { server, _ in
            let port = server.port
            let (first, refused) = try await runBlocking {
                let holder = try TestHTTPClient(port: port)
                try holder.send("GET /health/ping HTTP/1.1\r\nHost: a\r\n\r\n")
                let first = try holder.readResponse()
                let extra = try TestHTTPClient(port: port)
                return (first, try extra.readResponse())
            }
            #expect(first.status == 200)
            #expect(refused.status == 503)
            #expect(refused.text.contains("overloaded"))
        }
    }

    // MARK: Timeouts

    @Test func slowHead_isAnswered408_afterTheHeaderTimeout() async throws {
        try await withHTTPServer(configure: { $0.headerTimeout = .milliseconds(200) }) { server, _ in
            let port = server.port
            let (response, closed) = try await runBlocking {
                let client = try TestHTTPClient(port: port)
                // A slowloris head: begun, never finished. The read below waits for the server's answer.
                try client.send("GET / HTTP/1.1\r\nHost: a\r\nX-Slow: ")
                return (try client.readResponse(), try client.readsEndOfStream())
            }
            #expect(response.status == 408)
            #expect(response.text.contains("header_timeout"))
            #expect(response.headers["connection"] == "close")
            #expect(closed)
        }
    }

    @Test func slowHeadOnAKeptAliveConnection_isTimedFromItsFirstByte() async throws {
        try await withHTTPServer(configure: { $0.headerTimeout = .milliseconds(200) }) { server, _ in
            let port = server.port
            let (first, second) = try await runBlocking {
                let client = try TestHTTPClient(port: port)
                try client.send("GET /health/ping HTTP/1.1\r\nHost: a\r\n\r\n")
                let first = try client.readResponse()
                try client.send("GET /health/ping HTTP/1.1\r\n")
                return (first, try client.readResponse())
            }
            #expect(first.status == 200)
            #expect(second.status == 408)
        }
    }

    @Test func slowBody_isAnswered408_afterTheBodyTimeout() async throws {
        try await withHTTPServer(configure: { $0.bodyTimeout = .milliseconds(200) }) { server, _ in
            let port = server.port
            let (response, closed) = try await runBlocking {
                let client = try TestHTTPClient(port: port)
                try client.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc")
                return (try client.readResponse(), try client.readsEndOfStream())
            }
            #expect(response.status == 408)
            #expect(response.text.contains("body_timeout"))
            #expect(closed)
        }
    }

    @Test func idleKeepAliveConnection_isClosedSilently() async throws {
        try await withHTTPServer(configure: { $0.idleTimeout = .milliseconds(200) }) { server, _ in
            let port = server.port
            let (response, closed) = try await runBlocking {
                let client = try TestHTTPClient(port: port)
                try client.send("GET /health/ping HTTP/1.1\r\nHost: a\r\n\r\n")
                return (try client.readResponse(), try client.readsEndOfStream())
            }
            #expect(response.status == 200)
            #expect(closed)
        }
    }

    // MARK: Versions, methods and statuses

    @Test func http10_closesAfterTheResponse_unlessKeepAliveIsAsked() async throws {
        try await withHTTPServer { server, _ in
            let port = server.port
            let (plain, plainClosed, kept, second) = try await runBlocking {
                let client = try TestHTTPClient(port: port)
                try client.send("GET /a HTTP/1.0\r\n\r\n")
                let plain = try client.readResponse()
                let plainClosed = try client.readsEndOfStream()
                let keeping = try TestHTTPClient(port: port)
                try keeping.send("GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                let kept = try keeping.readResponse()
                try keeping.send("GET /c HTTP/1.0\r\n\r\n")
                return (plain, plainClosed, kept, try keeping.readResponse())
            }
            #expect(plain.status == 200)
            #expect(plain.headers["connection"] == "close")
            #expect(plainClosed)
            #expect(kept.headers["connection"] == "keep-alive")
            #expect(second.text == "GET /c")
            #expect(second.headers["connection"] == "close")
        }
    }

    @Test func connectionClose_isHonoured() async throws {
        try await withHTTPServer { server, _ in
            let port = server.port
            let (response, closed) = try await runBlocking {
                let client = try TestHTTPClient(port: port)
                try client.send("GET /health/ping HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nGET /never HTTP/1.1\r\nHost: a\r\n\r\n")
                return (try client.readResponse(), try client.readsEndOfStream())
            }
            #expect(response.status == 200)
            #expect(response.headers["connection"] == "close")
            #expect(closed)
        }
    }

    @Test func head_carriesContentLengthButNoBody() async throws {
        try await withHTTPServer { server, _ in
            let port = server.port
            let (head, next) = try await runBlocking {
                let client = try TestHTTPClient(port: port)
                try client.send("HEAD /big HTTP/1.1\r\nHost: a\r\n\r\nGET /health/ping HTTP/1.1\r\nHost: a\r\n\r\n")
                // Had the server sent the body, the next read would start inside it.
                return (try client.readResponse(bodyless: true), try client.readResponse())
            }
            #expect(head.status == 200)
            #expect(head.headers["content-length"] == "65536")
            #expect(next.status == 200)
            #expect(next.text == #"{"status":"ok"}"#)
        }
    }

    @Test func noContent_isSentWithoutBodyOrLength() async throws {
        try await withHTTPServer { server, _ in
            let port = server.port
            let (empty, next) = try await runBlocking {
                let client = try TestHTTPClient(port: port)
                try client.send("GET /no-content HTTP/1.1\r\nHost: a\r\n\r\nGET /health/ping HTTP/1.1\r\nHost: a\r\n\r\n")
                return (try client.readResponse(), try client.readResponse())
            }
            #expect(empty.status == 204)
            #expect(empty.headers["content-length"] == nil)
            #expect(next.status == 200)
        }
    }

    // MARK: Drain

    @Test func gracefulShutdown_finishesInFlightRequests_andRefusesNewConnections() async throws {
        let responder = TestResponder()
        let server = try HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0), responder: responder)
        let port = server.port
        async let held = runBlocking {
            let client = try TestHTTPClient(port: port)
            try client.send("GET /hold HTTP/1.1\r\nHost: a\r\n\r\n")
            return (try client.readResponse(), try client.readsEndOfStream())
        }
        let idleClosed = try await runBlocking {
            let idle = try TestHTTPClient(port: port)
            try idle.send("GET /health/ping HTTP/1.1\r\nHost: a\r\n\r\n")
            _ = try idle.readResponse()
            return idle
        }
        await responder.started.wait()
        server.beginGracefulShutdown()
        let (idleSawClose, newRefused) = try await runBlocking {
            let sawClose = try idleClosed.readsEndOfStream()
            guard let late = try? TestHTTPClient(port: port) else { return (sawClose, true) }
            // Accepted by the kernel before the listener closed: dropped without an answer.
            return (sawClose, (try? late.readsEndOfStream()) ?? true)
        }
        responder.release.open()
        let (response, closed) = try await held
        await server.waitUntilClosed()
        #expect(idleSawClose)
        #expect(newRefused)
        #expect(response.status == 200)
        #expect(response.text == "held")
        #expect(response.headers["connection"] == "close")
        #expect(closed)
        #expect(server.connectionCount == 0)
    }

    // MARK: TLS

    @Test func tls_roundTripsWithALPNHTTP11() async throws {
        let certificates = TestCertificates.shared
        let tls = HTTPServerTLS(certificatePath: certificates.directory.appendingPathComponent("gateway.pem").path,
                                privateKeyPath: certificates.directory.appendingPathComponent("gateway.key").path)
        let trust = certificates.directory.appendingPathComponent("ca.pem").path
        try await withHTTPServer(configure: { $0.tls = tls }) { server, _ in
            let port = server.port
            let (alpn, responses) = try await runBlocking {
                let client = try TestHTTPClient(port: port, tlsTrustRoots: trust)
                try client.send("GET /health/ping HTTP/1.1\r\nHost: a\r\n\r\n")
                let first = try client.readResponse()
                try client.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc")
                return (client.negotiatedProtocol, [first, try client.readResponse()])
            }
            #expect(alpn == "http/1.1")
            #expect(responses.map(\.status) == [200, 200])
            #expect(responses[1].text == "abc")
        }
    }

    // MARK: Back-pressure

    @Test func peerThatNeverReads_stopsBeingRead_soBuffersStayBounded() async throws {
        try await withHTTPServer { server, _ in
            let port = server.port
            let written = try await runBlocking { () -> Int in
                let client = try TestHTTPClient(port: port)
                _ = cshimFreeSetNonBlocking(client.fd)
                // Each request asks for 64 KiB. A server that kept reading would take all 32 MiB
                // of requests (≈ 64 GiB of responses); a bounded one stops, and the kernel
                // buffers fill.
                let request = Array("GET /big HTTP/1.1\r\nHost: a\r\n\r\n".utf8)
                var total = 0
                while total < 32 << 20 {
                    let count = request.withUnsafeBytes { send(client.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                    if count > 0 {
                        total += count
                        continue
                    }
                    guard errno == EAGAIN else { break }
                    // Full: has the server stopped reading? Give it a second to take more.
                    var poller = pollfd(fd: client.fd, events: Int16(POLLOUT), revents: 0)
                    if poll(&poller, 1, 1000) == 0 { break }
                }
                return total
            }
            // Loopback socket buffers hold a few MiB at most; the server itself holds at most
            // `maxPipelinedRequests` responses and one read.
            #expect(written < 16 << 20)
        }
    }
}

/// Makes a socket non-blocking.
func cshimFreeSetNonBlocking(_ fd: Int32) -> Int32 {
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
}
