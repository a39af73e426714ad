/// A log-linear latency histogram in nanoseconds, after HdrHistogram: 3 significant digits
/// (every recorded value is counted in a bucket whose width is at most 1/1024 of the value),
/// fixed memory (about 270 KB for 1 ns to 1 hour), O(1) recording with no allocation, and
/// mergeable, so each load lane records into its own and the report merges them.
///
/// Values above `highestTrackable` are counted in the top bucket; `max` stays exact.
public struct LatencyHistogram: Sendable {
    /// 2048 sub-buckets: the smallest power of two ≥ 2 × 10^3, for 3 significant digits.
    static let subBucketCountMagnitude = 11
    static let subBucketHalfCountMagnitude = subBucketCountMagnitude - 1
    static let subBucketCount = 1 << subBucketCountMagnitude
    static let subBucketHalfCount = subBucketCount / 2
    static let subBucketMask = UInt64(subBucketCount - 1)

    /// The largest value kept at full precision (one hour by default).
    public let highestTrackable: UInt64
    private var counts: [UInt64]
    /// Number of values recorded.
    public private(set) var count: UInt64 = 0
    /// Smallest and largest values recorded, exactly; zero when empty.
    public private(set) var min: UInt64 = .max
    public private(set) var max: UInt64 = 0
    private var sum: Double = 0

    /// A histogram tracking 1 ns to `highestTrackable` ns.
    public init(highestTrackable: UInt64 = 3_600_000_000_000) {
        self.highestTrackable = Swift.max(highestTrackable, UInt64(Self.subBucketCount))
        let topIndex = Self.countsIndex(self.highestTrackable)
        counts = [UInt64](repeating: 0, count: topIndex + 1)
    }

    /// Records one value.
    @inline(__always)
    public mutating func record(_ value: UInt64) {
        let index = Swift.min(Self.countsIndex(value), counts.count - 1)
        counts[index] &+= 1
        count &+= 1
        if value < min { min = value }
        if value > max { max = value }
        sum += Double(value)
    }

    /// Adds every value of `other` (which must track the same range).
    public mutating func merge(_ other: LatencyHistogram) {
        guard other.count > 0 else { return }
        if other.counts.count == counts.count {
            for index in counts.indices { counts[index] &+= other.counts[index] }
        } else {
            for index in other.counts.indices where other.counts[index] > 0 {
                counts[Swift.min(index, counts.count - 1)] &+= other.counts[index]
            }
        }
        count &+= other.count
        min = Swift.min(min, other.min)
        max = Swift.max(max, other.max)
        sum += other.sum
    }

    /// The mean of the recorded values; 0 when empty.
    public var mean: Double { count == 0 ? 0 : sum / Double(count) }

    /// The value at `percentile` (0...100): the highest value equivalent (within precision)
    /// to the recorded value at that rank, never above `max`. 0 when empty.
    public func value(atPercentile percentile: Double) -> UInt64 {
        guard count > 0 else { return 0 }
        let clamped = Swift.min(Swift.max(percentile, 0), 100)
        if clamped == 100 { return max }
        // Nearest rank; the small tolerance keeps 99.9 % of 1000 at rank 999 despite binary fractions.
        let rank = Swift.max(1, UInt64((clamped * Double(count) / 100 - 1e-7).rounded(.up)))
        var seen: UInt64 = 0
        for index in counts.indices {
            seen &+= counts[index]
            if seen >= rank {
                return Swift.min(Self.highestEquivalent(Self.valueFromIndex(index)), max)
            }
        }
        return max
    }

    // MARK: Index arithmetic (HdrHistogram's, with a unit of 1 ns)

    @inline(__always)
    static func bucketIndex(_ value: UInt64) -> Int {
        // Which power-of-two range the value is in, counting the first two ranges as bucket 0.
        64 - (value | subBucketMask).leadingZeroBitCount - subBucketCountMagnitude
    }

    @inline(__always)
    static func countsIndex(_ value: UInt64) -> Int {
        let bucket = bucketIndex(value)
        let subBucket = Int(truncatingIfNeeded: value >> UInt64(bucket))
        return (bucket + 1) << subBucketHalfCountMagnitude + (subBucket - subBucketHalfCount)
    }

    static func valueFromIndex(_ index: Int) -> UInt64 {
        var bucket = (index >> subBucketHalfCountMagnitude) - 1
        var subBucket = (index & (subBucketHalfCount - 1)) + subBucketHalfCount
        if bucket < 0 {
            subBucket -= subBucketHalfCount
            bucket = 0
        }
        return UInt64(subBucket) << UInt64(bucket)
    }

    /// The width of the bucket `value` falls in.
    static func equivalentRange(_ value: UInt64) -> UInt64 {
        let bucket = bucketIndex(value)
        let subBucket = value >> UInt64(bucket)
        let adjusted = subBucket >= UInt64(subBucketCount) ? bucket + 1 : bucket
        return 1 << UInt64(adjusted)
    }

    static func lowestEquivalent(_ value: UInt64) -> UInt64 { valueFromIndex(countsIndex(value)) }

    static func highestEquivalent(_ value: UInt64) -> UInt64 {
        let lowest = lowestEquivalent(value)
        return lowest + equivalentRange(lowest) - 1
    }
}
