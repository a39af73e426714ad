import Foundation
import Testing
@testable import ProtoJSON

/// Timestamps are read and written by arithmetic (no formatter per value): pinned against
/// Foundation's ISO 8601 formatter over a sweep of instants, and at the edges.
struct RFC3339Tests {
    @Test func formatAgreesWithFoundation_acrossCenturies() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let seconds = Int64.random(in: -2_208_988_800...253_402_300_799, using: &generator) // 1900 ... 9999
            let expected = formatter.string(from: Date(timeIntervalSince1970: Double(seconds))).dropLast() + ".000Z"
            #expect(WellKnownTypes.formatRFC3339(seconds: seconds, nanos: 0) == expected)
            #expect(WellKnownTypes.parseRFC3339(String(expected))! == (seconds, 0))
        }
    }

    @Test func fractionsAndOffsets() {
        #expect(WellKnownTypes.formatRFC3339(seconds: 0, nanos: 651_465_893) == "1970-01-01T00:00:00.651465893Z")
        #expect(WellKnownTypes.formatRFC3339(seconds: -1, nanos: 250_000_000) == "1969-12-31T23:59:59.250Z")
        #expect(WellKnownTypes.formatRFC3339(seconds: 1_709_164_800, nanos: 1_000) == "2024-02-29T00:00:00.000001Z")
        #expect(WellKnownTypes.parseRFC3339("2026-01-18T10:30:00.5+02:00")! == (1_768_725_000, 500_000_000))
        #expect(WellKnownTypes.parseRFC3339("2026-01-18t08:30:00z")! == (1_768_725_000, 0))
    }

    @Test(arguments: ["2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z", "2026-01-18T24:00:00Z", "2026-01-18T10:60:00Z",
                      "2026-01-18T10:30:00", "2026-01-18 10:30:00Z", "2026-01-18T10:30:00.Z", "2026-01-18T10:30:00.1234567890Z",
                      "2026-01-18T10:30:00+0200", "2026-13-01T00:00:00Z", "26-01-18T10:30:00Z", "2026-01-18T10:30:00Zjunk", ""])
    func refusesWhatIsNotRFC3339(_ text: String) {
        #expect(WellKnownTypes.parseRFC3339(text) == nil)
    }
}
