import RPCCore
import Testing
import TestingAPI

@Suite("Malformed bytes")
struct MalformedInputTests {
    @Test(arguments: [
        [0x08, 0x80],             // a varint cut short
        [0x12, 0x05, 0x61],       // a length past the end
        [0x0F, 0x00],             // wire type 7 does not exist
        [0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],  // a varint over 10 bytes
    ] as [[UInt8]])
    func throwsInvalidArgument_forMalformedBytes(_ bytes: [UInt8]) {
        let error = #expect(throws: RPCError.self) { try SlowRequest(decoding: bytes) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message == "malformed cerniq.testing.v1.SlowRequest")
    }

    @Test func throwsInvalidArgument_forMalformedNestedMessage() {
        // Field 19 (inner), length 2, holding a cut-short varint.
        let error = #expect(throws: RPCError.self) { try Sample(decoding: [0x9A, 0x01, 2, 0x10, 0x80]) }
        #expect(error?.code == .invalidArgument)
    }
}
