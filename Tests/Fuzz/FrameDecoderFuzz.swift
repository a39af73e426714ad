// libFuzzer target for the frame decoder: every byte string a peer could send must
// decode or be refused with a ProtocolViolation, never crash; and a frame that decodes
// must re-encode to the same bytes (flags aside). Built and run by deploy/fuzz.sh.

@_cdecl("LLVMFuzzerTestOneInput")
public func frameDecoderFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let decoder = FrameDecoder(maxFrameSize: 1 << 16)
    var offset = 0
    while offset < bytes.count {
        let rest = UnsafeRawBufferPointer(rebasing: bytes[offset...])
        guard let (header, payload) = try? decoder.next(in: rest) else { return 0 }
        let length = FrameHeader.size + Int(header.length)
        if let frame = try? Frame(header: header, payload: payload) {
            var encoded: [UInt8] = []
            frame.encode(into: &encoded)
            var original = Array(rest[0..<length])
            original[5] = 0
            if encoded != original { fatalError("re-encoding changed \(frame)") }
        }
        _ = try? RequestView(parsing: payload)
        offset += length
    }
    return 0
}
