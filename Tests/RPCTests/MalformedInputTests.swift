import Foundation
import RPC
import RPCTestKit
import Testing

/// A peer that breaks the protocol loses its own connection, with a GOAWAY saying why,
/// and nobody else notices.
struct MalformedInputTests {
    /// Sends `bytes` after a HELLO and returns the server's GOAWAY (code, message), if any, before it closed.
    func goAway(after bytes: [UInt8], configure: (inout ServerConfiguration) -> Void = { _ in }) async throws -> (RPCError.Code, String)? {
        try await withTestServer(services: [TestHandlers.service()], configure: configure) { server in
            let peer = try RawPeer(port: server.port)
            peer.sendHello()
            peer.send(bytes)
            let frames = try await peer.readUntilClosed()
            try await expectServerStillServes(server)
            for case let .goAway(_, code, message) in frames { return (code, message) }
            return nil
        }
    }

    func expectServerStillServes(_ server: Server) async throws {
        let client = try makeClient(for: server)
        defer { client.close() }
        let answer = try await client.call(TestHandlers.echo, request: [7], options: CallOptions(timeout: .seconds(5)))
        #expect(answer == [7])
    }

    func frame(_ frame: Frame) -> [UInt8] {
        var bytes: [UInt8] = []
        frame.encode(into: &bytes)
        return bytes
    }

    @Test func closesConnection_whenLengthExceedsLimit() async throws {
        // Header only: the server must refuse from the length alone, before the payload arrives.
        let header: [UInt8] = [0x01, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]
        let result = try await goAway(after: header) { $0.maxFrameSize = 1024 }
        #expect(result?.0 == .resourceExhausted)
        #expect(result?.1.contains("exceeds the limit") == true)
    }

    @Test func closesConnection_onUnknownFrameType() async throws {
        let result = try await goAway(after: [0, 0, 0, 0, 0x7F, 0, 0, 0, 0, 1])
        #expect(result?.0 == .invalidArgument)
        #expect(result?.1.contains("unknown frame type") == true)
    }

    @Test func closesConnection_whenStreamIDIsReused() async throws {
        let request = frame(.request(streamID: 5, timeoutMilliseconds: 0, method: TestHandlers.echo.path, metadata: Metadata(), message: [1]))
        let result = try await goAway(after: request + request)
        #expect(result?.1.contains("reused") == true)
    }

    @Test func closesConnection_whenCancelNamesAStreamNeverOpened() async throws {
        let result = try await goAway(after: frame(.cancel(streamID: 99, reason: .cancelled)))
        #expect(result?.1.contains("unknown stream") == true)
    }

    @Test func closesConnection_onGarbageMetadata() async throws {
        var bytes = frame(.request(streamID: 1, timeoutMilliseconds: 0, method: TestHandlers.echo.path,
                                   metadata: Metadata([.init(key: "tenant", value: Array("acme".utf8))]), message: []))
        // Upper-case the key: outside the allowed key bytes.
        let index = bytes.firstIndex(of: UInt8(ascii: "t"))!
        let keyStart = bytes.indices.first { bytes[$0...].starts(with: Array("tenant".utf8)) && $0 > index }!
        bytes[keyStart] = UInt8(ascii: "T")
        let result = try await goAway(after: bytes)
        #expect(result?.1.contains("metadata key") == true)
    }

    @Test func closesConnection_whenMetadataOverrunsItsBlock() async throws {
        var payload: [UInt8] = [0, 0, 0, 0, UInt8(TestHandlers.echo.path.utf8.count)] + Array(TestHandlers.echo.path.utf8)
        payload += [0, 4, 6, 0x61, 0x62]  // block of 4 bytes claiming a 6-byte key
        let header: [UInt8] = [0, 0, 0, UInt8(payload.count), 0x02, 0, 0, 0, 0, 1]
        let result = try await goAway(after: header + payload)
        #expect(result?.1.contains("truncated") == true)
    }

    @Test func closesConnection_whenFirstFrameIsNotHello() async throws {
        try await withTestServer(services: [TestHandlers.service()]) { server in
            let peer = try RawPeer(port: server.port)
            peer.send(.ping(1))
            let frames = try await peer.readUntilClosed()
            #expect(frames.contains { if case .goAway(_, _, let message) = $0 { message.contains("not HELLO") } else { false } })
        }
    }

    @Test func closesConnection_whenPeerTricklesAFrame() async throws {
        try await withTestServer(services: [TestHandlers.service()], configure: { $0.keepaliveTimeout = .milliseconds(1500) }) { server in
            let peer = try RawPeer(port: server.port)
            peer.sendHello()
            let request = frame(.request(streamID: 1, timeoutMilliseconds: 0, method: TestHandlers.echo.path, metadata: Metadata(), message: [1]))
            // The start of a frame whose rest never comes. (Nothing is sent after it: bytes
            // arriving after the server closes would reset the connection and could discard
            // the GOAWAY before it is read.)
            peer.send(Array(request.prefix(3)))
            // Meanwhile other clients are served.
            try await expectServerStillServes(server)
            let frames = try await peer.readUntilClosed()
            #expect(frames.contains { if case .goAway(_, .deadlineExceeded, _) = $0 { true } else { false } })
        }
    }

    @Test func closesIdleConnection_withGoAwayIdle() async throws {
        try await withTestServer(services: [TestHandlers.service()], configure: { $0.idleTimeout = .seconds(1) }) { server in
            let peer = try RawPeer(port: server.port)
            peer.sendHello()
            let frames = try await peer.readUntilClosed()
            #expect(frames.contains(.goAway(lastStreamID: 0, code: .ok, message: "idle")))
        }
    }

    @Test func pingsASilentPeer_andDropsItWhenNoPongComes() async throws {
        try await withTestServer(services: [TestHandlers.service()], configure: {
            $0.keepaliveInterval = .seconds(1)
            $0.keepaliveTimeout = .seconds(1)
        }) { server in
            let peer = try RawPeer(port: server.port)
            peer.sendHello()
            let started = Date()
            let frames = try await peer.readUntilClosed()
            #expect(frames.contains { if case .ping = $0 { true } else { false } })
            // Closed by the server, not by the reader's own 5 s timeout.
            #expect(Date().timeIntervalSince(started) < 4.5)
        }
    }

    @Test func truncatedFrameThenClose_leavesServerServing() async throws {
        try await withTestServer(services: [TestHandlers.service()]) { server in
            do {
                let peer = try RawPeer(port: server.port)
                peer.sendHello()
                peer.send(Array(frame(.request(streamID: 1, timeoutMilliseconds: 0, method: TestHandlers.echo.path, metadata: Metadata(), message: [1, 2, 3])).prefix(12)))
            }
            try await expectServerStillServes(server)
        }
    }

    @Test func refusesRequestsForUnknownMethods_withUnimplemented() async throws {
        try await withTestServer(services: [TestHandlers.service()]) { server in
            let client = try makeClient(for: server)
            defer { client.close() }
            await #expect(throws: RPCError(.unimplemented, "unknown method test.Runtime/Nope")) {
                _ = try await client.call(MethodDescriptor(service: "test.Runtime", method: "Nope"), request: [], options: CallOptions())
            }
        }
    }

    @Test func answersMalformedMessage_withInvalidArgument_andKeepsConnection() async throws {
        try await withTestServer(services: [TestHandlers.service()]) { server in
            let client = try makeClient(for: server)
            defer { client.close() }
            let error = await #expect(throws: RPCError.self) {
                _ = try await client.call(TestHandlers.echo, request: [0xFF], options: CallOptions())
            }
            #expect(error?.code == .invalidArgument)
            #expect(try await client.call(TestHandlers.echo, request: [1], options: CallOptions()) == [1])
        }
    }
}
