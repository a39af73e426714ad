/// Durations on the command line: a number and a unit (`250ms`, `5s`, `1.5m`, `1h`, `100us`);
/// a bare number is seconds.
public enum DurationText {
    /// The duration `text` denotes, or nil.
    public static func parse(_ text: String) -> Duration? {
        let units: [(String, Double)] = [("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600)]
        var number = Substring(text)
        var scale = 1.0
        // Longest suffix first, so "ms" is not read as "s".
        for (suffix, unitScale) in units.sorted(by: { $0.0.count > $1.0.count }) where text.hasSuffix(suffix) {
            number = text.dropLast(suffix.count)
            scale = unitScale
            break
        }
        guard !number.isEmpty, number.allSatisfy({ $0.isNumber || $0 == "." }), let value = Double(number),
              value.isFinite, value >= 0 else { return nil }
        let nanoseconds = value * scale * 1e9
        guard nanoseconds < 1e18 else { return nil }
        return .nanoseconds(Int64(nanoseconds.rounded()))
    }

    /// A duration in seconds as a Double.
    public static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// A duration in whole nanoseconds (negative durations read as zero).
    public static func nanoseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0, attoseconds >= 0 else { return 0 }
        return UInt64(seconds) * 1_000_000_000 + UInt64(attoseconds / 1_000_000_000)
    }
}
