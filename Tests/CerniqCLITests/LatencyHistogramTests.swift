import Testing
@testable import CLI

@Suite struct LatencyHistogramTests {
    @Test func recordsSmallValuesExactly() {
        var histogram = LatencyHistogram()
        for value in 1...1000 as ClosedRange<UInt64> { histogram.record(value) }
        #expect(histogram.value(atPercentile: 50) == 500)
        #expect(histogram.value(atPercentile: 90) == 900)
        #expect(histogram.value(atPercentile: 99) == 990)
        #expect(histogram.value(atPercentile: 99.9) == 999)
        #expect(histogram.value(atPercentile: 100) == 1000)
        #expect(histogram.min == 1)
        #expect(histogram.mean == 500.5)
    }

    @Test func keepsThreeSignificantDigits_acrossTheRange() {
        for value: UInt64 in [2_049, 12_345, 999_999, 1_234_567, 87_654_321, 5_000_000_000, 3_599_999_999_999] {
            var histogram = LatencyHistogram()
            histogram.record(value)
            histogram.record(value * 2)  // so the p50 comes from a bucket, not from max
            let reported = histogram.value(atPercentile: 50)
            #expect(reported >= value)
            #expect(Double(reported - value) <= Double(value) / 1000, "value \(value) reported as \(reported)")
        }
    }

    @Test func reportsPercentilesOfAUniformMillisecondSpread() {
        var histogram = LatencyHistogram()
        // 1 ms ... 100 ms in 10,000 steps of 10 µs.
        for step in 1...10_000 as ClosedRange<UInt64> { histogram.record(step * 10_000) }
        let expectations: [(Double, UInt64)] = [(50, 50_000_000), (90, 90_000_000), (99, 99_000_000), (99.9, 99_900_000)]
        for (percentile, expected) in expectations {
            let value = histogram.value(atPercentile: percentile)
            #expect(value >= expected && Double(value - expected) <= Double(expected) / 1000, "p\(percentile) = \(value)")
        }
        #expect(histogram.max == 100_000_000)
        #expect(histogram.count == 10_000)
    }

    @Test func mergesLikeOneHistogramThatSawEveryValue() {
        var a = LatencyHistogram(), b = LatencyHistogram(), whole = LatencyHistogram()
        var random = SplitMix64(seed: 42)
        for index in 0..<20_000 {
            let value = UInt64.random(in: 1_000...50_000_000, using: &random)
            if index % 3 == 0 { a.record(value) } else { b.record(value) }
            whole.record(value)
        }
        a.merge(b)
        for percentile in [0, 25, 50, 90, 99, 99.9, 100] as [Double] {
            #expect(a.value(atPercentile: percentile) == whole.value(atPercentile: percentile))
        }
        #expect(a.count == whole.count)
        #expect(a.min == whole.min && a.max == whole.max)
        #expect(abs(a.mean - whole.mean) < 1e-6 * whole.mean)
    }

    @Test func neverReportsMoreThanTheMax() {
        var histogram = LatencyHistogram()
        histogram.record(1_000_001)
        #expect(histogram.value(atPercentile: 50) == 1_000_001)
    }

    @Test func countsValuesBeyondTheTrackableRange_inTheTopBucket() {
        var histogram = LatencyHistogram(highestTrackable: 1_000_000)
        histogram.record(10)
        histogram.record(UInt64.max / 2)
        #expect(histogram.count == 2)
        #expect(histogram.max == UInt64.max / 2)
        #expect(histogram.value(atPercentile: 100) == UInt64.max / 2)
        #expect(histogram.value(atPercentile: 99) >= 1_000_000)
    }

    @Test func readsZeroWhenEmpty() {
        let histogram = LatencyHistogram()
        #expect(histogram.value(atPercentile: 99) == 0)
        #expect(histogram.mean == 0)
    }

    @Test func mapsIndexesAndValuesConsistently() {
        for value: UInt64 in [0, 1, 1023, 1024, 2047, 2048, 2049, 4095, 4096, 1 << 20, (1 << 40) + 12345] {
            let index = LatencyHistogram.countsIndex(value)
            let lowest = LatencyHistogram.valueFromIndex(index)
            #expect(lowest <= value && value <= LatencyHistogram.highestEquivalent(value))
            #expect(LatencyHistogram.countsIndex(LatencyHistogram.highestEquivalent(value)) == index)
        }
    }
}
