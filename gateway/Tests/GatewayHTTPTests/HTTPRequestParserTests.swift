import Testing
import GatewayHTTP

@Suite struct HTTPRequestParserTests {
    // MARK: Requests

    @Test func parsesGet_withTargetVersionAndCaseInsensitiveHeaders() throws {
        let outcome = parse("GET /items/7?sort=asc&x=1 HTTP/1.1\r\nHost: example.com\r\nX-Trace:  abc \r\nx-trace: def\r\n\r\n")
        #expect(outcome.error == nil)
        let request = try #require(outcome.requests.first)
        #expect(request.method == "GET")
        #expect(request.target == "/items/7?sort=asc&x=1")
        #expect(request.head.path == "/items/7")
        #expect(request.head.query == "sort=asc&x=1")
        #expect(request.version == .http1_1)
        #expect(request.headers["HOST"] == "example.com")
        #expect(request.headers["x-trace"] == "abc")
        #expect(request.headers.values(for: "X-TRACE") == ["abc", "def"])
        #expect(request.headers.fields.map(\.name) == ["Host", "X-Trace", "x-trace"])
        #expect(request.body.isEmpty)
        #expect(request.keepAlive)
        #expect(request.head.framing == .none)
    }

    @Test func yieldsHeadBeforeRequest_forEveryRequest() {
        let outcome = parse("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(outcome.events.count == 2)
        guard case .head(let head) = outcome.events.first, case .request(let request) = outcome.events.last else {
            Issue.record("expected head then request, got \(outcome.events)")
            return
        }
        #expect(head == request.head)
    }

    @Test func readsContentLengthBody() throws {
        let outcome = parse("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world")
        let request = try #require(outcome.requests.first)
        #expect(request.head.framing == .contentLength(11))
        #expect(request.body == Array("hello world".utf8))
    }

    @Test func waitsForTheWholeBody_beforeYieldingTheRequest() throws {
        var parser = HTTPRequestParser()
        parser.feed(Array("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nab".utf8))
        guard case .head = try parser.next() else { Issue.record("expected head"); return }
        #expect(try parser.next() == nil)
        parser.feed(Array("cd".utf8))
        #expect(try parser.nextRequest()?.body == Array("abcd".utf8))
    }

    @Test func acceptsUnsafeRawBufferPointers() throws {
        var parser = HTTPRequestParser()
        Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8).withUnsafeBytes { parser.feed($0) }
        #expect(try parser.nextRequest()?.target == "/")
    }

    @Test func decodesChunkedBody_withExtensionsAndTrailers() throws {
        let text = "POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n"
            + "6 ; a=\"quoted; ext\";b\r\n world\r\n"
            + "0\r\nChecksum: 1234\r\nX-Tail: yes\r\n\r\n"
        let outcome = parse(text)
        #expect(outcome.error == nil)
        let request = try #require(outcome.requests.first)
        #expect(request.head.framing == .chunked)
        #expect(request.body == Array("hello world".utf8))
        #expect(request.trailers["checksum"] == "1234")
        #expect(request.trailers.count == 2)
    }

    @Test func decodesChunkedBody_withUppercaseHexAndNoTrailers() throws {
        let outcome = parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n")
        let request = try #require(outcome.requests.first)
        #expect(request.body == Array("0123456789".utf8))
        #expect(request.trailers.count == 0)
    }

    @Test func yieldsPipelinedRequestsInOrder() {
        let text = "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
            + "POST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
            + "PUT /3 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nxy\r\n0\r\n\r\n"
            + "DELETE /4 HTTP/1.1\r\nHost: a\r\n\r\n"
        let outcome = parse(text)
        #expect(outcome.error == nil)
        #expect(outcome.requests.map(\.target) == ["/1", "/2", "/3", "/4"])
        #expect(outcome.requests.map(\.body) == [[], Array("abc".utf8), Array("xy".utf8), []])
    }

    @Test func ignoresEmptyLinesBeforeTheRequestLine() {
        let outcome = parse("GET /1 HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\nx\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(outcome.requests.map(\.target) == ["/1", "/2"])
    }

    static let splittingSamples: [String] = [
        "GET /a?b=c HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n",
        "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhelloPOST /y HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n",
        "POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\nT: v\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET / HTTP/1.0\r\n\r\nGET /ignored HTTP/1.0\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nBad\rHeader: x\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\n Folded: x\r\n\r\n",
        "GET /\(String(repeating: "a", count: 200)) HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n",
    ]

    @Test(arguments: splittingSamples)
    func byteAtATimeFeedingEqualsWholeBufferFeeding(text: String) {
        let limits = HTTPParserLimits(maxRequestLine: 100, maxHeaderBytes: 200, maxHeaderCount: 10, maxBody: 1000)
        let whole = parse(text, limits: limits)
        for pieceSize in [1, 2, 3, 7, 16] {
            #expect(parse(text, pieceSize: pieceSize, limits: limits) == whole, "piece size \(pieceSize)")
        }
    }

    // MARK: Keep-alive

    @Test func keepsHTTP11Alive_unlessConnectionClose() throws {
        #expect(try #require(parse("GET / HTTP/1.1\r\nHost: a\r\n\r\n").requests.first).keepAlive)
        #expect(try !#require(parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: Keep-Alive, CLOSE\r\n\r\n").requests.first).keepAlive)
    }

    @Test func closesHTTP10ByDefault_unlessConnectionKeepAlive() throws {
        #expect(try !#require(parse("GET / HTTP/1.0\r\n\r\n").requests.first).keepAlive)
        let kept = try #require(parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").requests.first)
        #expect(kept.keepAlive)
        #expect(kept.version == .http1_0)
    }

    @Test func dropsBytesFedAfterTheConnectionCloses() throws {
        var parser = HTTPRequestParser()
        parser.feed(Array("GET / HTTP/1.0\r\n\r\n".utf8))
        #expect(try parser.nextRequest() != nil)
        parser.feed(Array("GET / HTTP/1.0\r\n\r\n".utf8))
        #expect(parser.bufferedByteCount == 0)
        #expect(try parser.next() == nil)
    }

    @Test func ignoresBytesAfterARequestThatClosesTheConnection() {
        let outcome = parse("GET /1 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\ngarbage\n")
        #expect(outcome.error == nil)
        #expect(outcome.requests.map(\.target) == ["/1"])
    }

    // MARK: Expect: 100-continue and body limits

    @Test func reportsExpectContinue_beforeAnyBodyArrives() throws {
        var parser = HTTPRequestParser()
        parser.feed(Array("PUT /f HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 3\r\n\r\n".utf8))
        guard case .head(let head) = try parser.next() else { Issue.record("expected head"); return }
        #expect(head.expectsContinue)
        #expect(try parser.next() == nil)
        parser.feed(Array("abc".utf8))
        #expect(try parser.next() == .request(HTTPRequest(head: head, body: Array("abc".utf8), trailers: [:])))
    }

    @Test func ignoresExpectContinue_fromHTTP10Clients() throws {
        let request = try #require(parse("PUT / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nx").requests.first)
        #expect(!request.head.expectsContinue)
    }

    @Test func rejectsContentLengthOverTheDefaultLimit_beforeBuffering() {
        var parser = HTTPRequestParser(limits: HTTPParserLimits(maxBody: 10))
        parser.feed(Array("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n".utf8))
        #expect(throws: Never.self) { guard case .head = try parser.next() else { Issue.record("expected head"); return } }
        #expect(throws: HTTPParseError.self) { try parser.next() }
        #expect(parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n").error?.code == .contentTooLarge)
    }

    @Test func setBodyLimit_rejectsDeclaredLengthAtOnce_with413() throws {
        var parser = HTTPRequestParser()
        parser.feed(Array("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 100\r\n\r\n".utf8))
        guard case .head = try parser.next() else { Issue.record("expected head"); return }
        let error = #expect(throws: HTTPParseError.self) { try parser.setBodyLimit(99) }
        #expect(error?.status == 413)
        // The parser is spent: the same error again.
        #expect(throws: error!) { try parser.next() }
    }

    @Test func setBodyLimit_canRaiseTheLimitForOneRequest() throws {
        var parser = HTTPRequestParser(limits: HTTPParserLimits(maxBody: 4))
        let body = String(repeating: "z", count: 8)
        parser.feed(Array("POST /big HTTP/1.1\r\nHost: a\r\nContent-Length: 8\r\n\r\n\(body)POST /small HTTP/1.1\r\nHost: a\r\nContent-Length: 8\r\n\r\n\(body)".utf8))
        guard case .head = try parser.next() else { Issue.record("expected head"); return }
        try parser.setBodyLimit(8)
        #expect(try parser.next().map { if case .request(let r) = $0 { r.body.count } else { -1 } } == 8)
        // The next request is back to the default limit.
        guard case .head = try parser.next() else { Issue.record("expected head"); return }
        let error = #expect(throws: HTTPParseError.self) { try parser.next() }
        #expect(error?.code == .contentTooLarge)
    }

    @Test func rejectsChunkedBodyOverTheLimit_whileReadingChunks() throws {
        let limits = HTTPParserLimits(maxBody: 10)
        let text = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n5\r\nghijk\r\n0\r\n\r\n"
        let outcome = parse(text, limits: limits)
        #expect(outcome.error?.code == .contentTooLarge)
        #expect(outcome.error?.status == 413)
        // Refused from the chunk-size line, before the chunk's bytes arrive.
        let headAndFirst = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n5\r\n"
        #expect(parse(headAndFirst, limits: limits).error?.code == .contentTooLarge)
        #expect(parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffffffff\r\n").error?.code == .contentTooLarge)
        #expect(parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n4\r\nghij\r\n0\r\n\r\n", limits: limits).error == nil)
    }

    // MARK: Limits

    @Test func rejectsRequestLineOverTheLimit_with414() {
        let limits = HTTPParserLimits(maxRequestLine: 30)
        let atLimit = "GET /" + String(repeating: "a", count: 16) + " HTTP/1.1"   // 30 bytes
        #expect(atLimit.utf8.count == 30)
        #expect(parse(atLimit + "\r\nHost: a\r\n\r\n", limits: limits).error == nil)
        let over = "GET /" + String(repeating: "a", count: 17) + " HTTP/1.1\r\nHost: a\r\n\r\n"
        #expect(parse(over, limits: limits).error?.status == 414)
        // Without a line end in sight, buffering stops at the limit.
        #expect(parse("GET /" + String(repeating: "a", count: 100), limits: limits).error?.code == .uriTooLong)
    }

    @Test func rejectsHeaderSectionOverTheByteLimit_with431() {
        let limits = HTTPParserLimits(maxHeaderBytes: 40)
        #expect(parse("GET / HTTP/1.1\r\nHost: a\r\nX-A: " + String(repeating: "v", count: 24) + "\r\n\r\n", limits: limits).error == nil) // (7 + 2) + (29 + 2) = 40
        #expect(parse("GET / HTTP/1.1\r\nHost: a\r\nX-A: " + String(repeating: "v", count: 25) + "\r\n\r\n", limits: limits).error?.status == 431)
        #expect(parse("GET / HTTP/1.1\r\nHost: a\r\nX-A: " + String(repeating: "v", count: 1000), limits: limits).error?.code == .headerFieldsTooLarge)
    }

    @Test func rejectsTooManyHeaderFields_with431() {
        let limits = HTTPParserLimits(maxHeaderCount: 3)
        #expect(parse("GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\n\r\n", limits: limits).error == nil)
        #expect(parse("GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", limits: limits).error?.status == 431)
    }

    @Test func rejectsTrailerSectionOverTheLimits_with431() {
        let limits = HTTPParserLimits(maxHeaderBytes: 64, maxHeaderCount: 2)
        let head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n"
        #expect(parse(head + "A: 1\r\nB: 2\r\n\r\n", limits: limits).error == nil)
        #expect(parse(head + "A: 1\r\nB: 2\r\nC: 3\r\n\r\n", limits: limits).error?.status == 431)
        #expect(parse(head + "A: " + String(repeating: "x", count: 80) + "\r\n\r\n", limits: limits).error?.status == 431)
    }

    // MARK: Syntax and versions

    static let malformed: [String] = [
        "GET\r\n\r\n",
        "GET /\r\nHost: a\r\n\r\n",
        "GET  / HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET / HTTP/1.1 \r\nHost: a\r\n\r\n",
        " GET / HTTP/1.1\r\nHost: a\r\n\r\n",
        "G(T / HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET /a\u{7F}b HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET / http/1.1\r\nHost: a\r\n\r\n",
        "GET / HTTP/1.x\r\nHost: a\r\n\r\n",
        "GET / HTTP/1.10\r\nHost: a\r\n\r\n",
        "GET / HTTP/1.1\r\nNoColon\r\n\r\n",
        "GET / HTTP/1.1\r\n: empty-name\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nX: bad\u{0}nul\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nX: bad\u{1}ctl\r\n\r\n",
        "GET / HTTP/1.1\r\n\r\n",                              // HTTP/1.1 without Host
        "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3 x\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nBad Trailer: x\r\n\r\n",
    ]

    @Test(arguments: malformed)
    func rejectsMalformedSyntax_with400(text: String) {
        let outcome = parse(text)
        #expect(outcome.error?.status == 400, "\(outcome)")
        #expect(outcome.requests.isEmpty)
    }

    @Test(arguments: ["HTTP/2.0", "HTTP/1.2", "HTTP/0.9", "HTTP/3.0"])
    func rejectsUnsupportedVersions_with505(version: String) {
        let outcome = parse("GET / \(version)\r\nHost: a\r\n\r\n")
        #expect(outcome.error?.code == .versionNotSupported)
        #expect(outcome.error?.status == 505)
    }

    // MARK: Smuggling

    static let smuggling: [(String, String)] = [
        ("Content-Length with Transfer-Encoding", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        ("Transfer-Encoding with Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"),
        ("duplicate Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc"),
        ("conflicting Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd"),
        ("Content-Length list", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\n\r\nabc"),
        ("signed Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +3\r\n\r\nabc"),
        ("hex Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x3\r\n\r\nabc"),
        ("empty Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \r\n\r\n"),
        ("gzip Transfer-Encoding", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n"),
        ("gzip, chunked", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"),
        ("chunked, chunked", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n"),
        ("two Transfer-Encoding fields", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"),
        ("chunked with junk", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n"),
        ("Transfer-Encoding in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        ("obs-fold", "GET / HTTP/1.1\r\nHost: a\r\nX-A: one\r\n two\r\n\r\n"),
        ("obs-fold with tab", "GET / HTTP/1.1\r\nHost: a\r\nX-A: one\r\n\ttwo\r\n\r\n"),
        ("bare LF in request line", "GET / HTTP/1.1\nHost: a\r\n\r\n"),
        ("bare LF in header", "GET / HTTP/1.1\r\nHost: a\nX: y\r\n\r\n"),
        ("bare LF ending headers", "GET / HTTP/1.1\r\nHost: a\r\n\n"),
        ("bare CR in request line", "GET /a\rb HTTP/1.1\r\nHost: a\r\n\r\n"),
        ("bare CR in header", "GET / HTTP/1.1\r\nHost: a\rX: y\r\n\r\n"),
        ("bare LF in chunk size", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\r\n0\r\n\r\n"),
        ("invalid header name", "GET / HTTP/1.1\r\nHost: a\r\nX(A): y\r\n\r\n"),
        ("header name with slash", "GET / HTTP/1.1\r\nHost: a\r\nX/A: y\r\n\r\n"),
        ("space before colon", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length : 3\r\n\r\nabc"),
        ("tab before colon", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding\t: chunked\r\n\r\n"),
    ]

    @Test(arguments: smuggling)
    func refusesRequestSmuggling_with400(name: String, text: String) {
        let outcome = parse(text)
        #expect(outcome.error?.status == 400, "\(name): \(outcome)")
        #expect(outcome.requests.isEmpty, "\(name)")
    }

    @Test func rethrowsTheSameError_afterFailing() {
        var parser = HTTPRequestParser()
        parser.feed(Array("GET / HTTP/9.9\r\n".utf8))
        let first = #expect(throws: HTTPParseError.self) { try parser.next() }
        parser.feed(Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        #expect(throws: first!) { try parser.next() }
    }

    // MARK: Fuzz

    @Test func neverCrashes_onSeededRandomBytes() {
        var random = SeededGenerator(seed: 0xC0FFEE)
        let alphabet = Array("GET POST / HTTP/1.1\r\n:;=, chunked Content-Length Transfer-Encoding 0123456789abcdef\t\0\u{7F}".utf8)
        let limits = HTTPParserLimits(maxRequestLine: 64, maxHeaderBytes: 128, maxHeaderCount: 8, maxBody: 256)
        for _ in 0 ..< 1500 {
            let count = Int.random(in: 0 ... 300, using: &random)
            let useAlphabet = Bool.random(using: &random)
            let bytes = (0 ..< count).map { _ in
                useAlphabet ? alphabet.randomElement(using: &random)! : UInt8.random(in: 0 ... 255, using: &random)
            }
            let whole = parse(bytes, limits: limits)
            let pieces = parse(bytes, pieceSize: Int.random(in: 1 ... 17, using: &random), limits: limits)
            #expect(whole == pieces)
        }
    }

    @Test func neverCrashes_onSeededMutationsOfValidRequests_andSplittingNeverMatters() {
        var random = SeededGenerator(seed: 42)
        let seeds = Self.splittingSamples.prefix(4).map { Array($0.utf8) }
        let limits = HTTPParserLimits(maxRequestLine: 64, maxHeaderBytes: 160, maxHeaderCount: 8, maxBody: 64)
        let interesting = Array("\r\n :;,0fF\t".utf8) + [0, 0x7F, 0xFF]
        var mismatches = 0
        var parsedRequests = 0
        for _ in 0 ..< 2000 {
            var bytes = seeds.randomElement(using: &random)!
            for _ in 0 ..< Int.random(in: 1 ... 4, using: &random) {
                let position = Int.random(in: 0 ..< bytes.count, using: &random)
                switch Int.random(in: 0 ..< 4, using: &random) {
                case 0: bytes[position] = interesting.randomElement(using: &random)!
                case 1: bytes.insert(interesting.randomElement(using: &random)!, at: position)
                case 2: bytes.remove(at: position)
                default: bytes[position] = UInt8.random(in: 0 ... 255, using: &random)
                }
                if bytes.isEmpty { break }
            }
            let whole = parse(bytes, limits: limits)
            parsedRequests += whole.requests.count
            if parse(bytes, pieceSize: 1, limits: limits) != whole { mismatches += 1 }
        }
        #expect(mismatches == 0)
        // The mutations keep enough structure to reach the body and chunk states, not just the request line.
        #expect(parsedRequests > 500)
    }
}

extension HTTPRequestParserTests {
    @Test func isReadingHead_fromTheFirstByteUntilTheHeadIsComplete() throws {
        var parser = HTTPRequestParser()
        #expect(!parser.isReadingHead)
        parser.feed(Array("GET / HTTP/1.1\r\n".utf8))
        #expect(try parser.next() == nil)
        #expect(parser.isReadingHead)
        parser.feed(Array("Host: a\r\n\r\n".utf8))
        guard case .head = try parser.next() else { Issue.record("expected a head"); return }
        #expect(!parser.isReadingHead)
        guard case .request = try parser.next() else { Issue.record("expected a request"); return }
        #expect(!parser.isReadingHead)
    }
}
