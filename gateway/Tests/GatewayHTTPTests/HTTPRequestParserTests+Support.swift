import GatewayHTTP

/// Everything a parser produced from some input, until it wanted more bytes or failed.
struct ParseOutcome: Equatable, CustomStringConvertible {
    var events: [HTTPParserEvent] = []
    var error: HTTPParseError?

    var requests: [HTTPRequest] {
        events.compactMap { if case .request(let request) = $0 { request } else { nil } }
    }

    var description: String { "\(events.count) events, error: \(error.map(String.init(describing:)) ?? "none")" }
}

/// Feeds `input` in pieces of `pieceSize` bytes (whole when nil), draining events after each piece.
func parse(_ input: [UInt8], pieceSize: Int? = nil, limits: HTTPParserLimits = HTTPParserLimits()) -> ParseOutcome {
    var parser = HTTPRequestParser(limits: limits)
    var outcome = ParseOutcome()
    let step = max(1, pieceSize ?? input.count)
    var start = 0
    repeat {
        let end = min(input.count, start + step)
        parser.feed(Array(input[start ..< end]))
        start = end
        do {
            while let event = try parser.next() { outcome.events.append(event) }
        } catch {
            outcome.error = error
            return outcome
        }
    } while start < input.count
    return outcome
}

func parse(_ text: String, pieceSize: Int? = nil, limits: HTTPParserLimits = HTTPParserLimits()) -> ParseOutcome {
    parse(Array(text.utf8), pieceSize: pieceSize, limits: limits)
}

/// SplitMix64: a small seeded generator so fuzz runs repeat exactly.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
