import CommonAPI
import Foundation

extension Timestamp {
    /// The instant of `date`, to the nanosecond.
    public init(_ date: Date) {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let nanos = min(999_999_999, Int32(((date.timeIntervalSince1970 - seconds) * 1e9).rounded()))
        self.init(seconds: Int64(seconds), nanos: nanos)
    }

    /// The instant as a `Date`.
    public var date: Date { Date(timeIntervalSince1970: Double(seconds) + Double(nanos) / 1e9) }
}
