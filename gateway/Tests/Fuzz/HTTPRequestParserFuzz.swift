// libFuzzer target for the gateway's request parser: every byte string a client could send
// must parse or be refused with an HTTPParseError, never crash; and the outcome must not
// depend on how the bytes were split across reads. Built and run by deploy/fuzz.sh.

@_cdecl("LLVMFuzzerTestOneInput")
public func httpRequestParserFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let limits = HTTPParserLimits(maxRequestLine: 256, maxHeaderBytes: 1024, maxHeaderCount: 16, maxBody: 2048)
    let whole = drain(bytes, pieceSize: max(1, size), limits: limits)
    let split = drain(bytes, pieceSize: 1 + size % 7, limits: limits)
    if whole.events != split.events || whole.error != split.error {
        fatalError("splitting the input changed the outcome")
    }
    return 0
}

private func drain(_ bytes: [UInt8], pieceSize: Int, limits: HTTPParserLimits) -> (events: [HTTPParserEvent], error: HTTPParseError?) {
    var parser = HTTPRequestParser(limits: limits)
    var events: [HTTPParserEvent] = []
    var start = 0
    repeat {
        let end = min(bytes.count, start + pieceSize)
        bytes[start ..< end].withUnsafeBytes { parser.feed($0) }
        start = end
        do {
            while let event = try parser.next() {
                if case .head(let head) = event, head.expectsContinue { try parser.setBodyLimit(limits.maxBody / 2) }
                events.append(event)
            }
        } catch {
            return (events, error)
        }
    } while start < bytes.count
    return (events, nil)
}
