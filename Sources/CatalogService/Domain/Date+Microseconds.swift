import Foundation

extension Date {
    /// The instant rounded to whole microseconds, PostgreSQL's resolution, exactly as the
    /// database layer rounds it: a time answered straight from the clock then equals the
    /// same time read back from a row (a release answered twice, an expiry listed later).
    var roundedToMicroseconds: Date {
        Date(timeIntervalSinceReferenceDate: (timeIntervalSinceReferenceDate * 1_000_000).rounded() / 1_000_000)
    }
}
