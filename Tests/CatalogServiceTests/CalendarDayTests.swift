import CatalogService
import Foundation
import Testing

@Suite struct CalendarDayTests {
    @Test func parsesISODates_andWritesThemBack() throws {
        let day = try #require(CalendarDay(iso: "2025-08-01"))
        #expect(day.year == 2025 && day.month == 8 && day.day == 1)
        #expect(day.description == "2025-08-01")
    }

    @Test func rejectsDaysThatDoNotExist_andOtherFormats() {
        for text in ["2025-02-29", "2025-13-01", "2025-04-31", "2025-8-01", "2025-08-01T00:00:00Z", "20250801", "", "abcd-ef-gh"] {
            #expect(CalendarDay(iso: text) == nil, "\(text)")
        }
        #expect(CalendarDay(iso: "2024-02-29") != nil)
    }

    @Test func ordersByYearThenMonthThenDay() throws {
        let july31 = try #require(CalendarDay(iso: "2025-07-31"))
        let august1 = try #require(CalendarDay(iso: "2025-08-01"))
        #expect(july31 < august1)
        #expect(try #require(CalendarDay(iso: "2024-12-31")) < july31)
    }

    @Test func readsAnInstantInBucharestTime_soLateJuly31UTCIsAugust1() throws {
        // 2025-07-31T21:30:00Z is 00:30 on 1 August in Bucharest (UTC+3 in summer).
        let instant = Date(timeIntervalSince1970: 1_753_997_400)
        #expect(CalendarDay(instant) == CalendarDay(iso: "2025-08-01"))
        #expect(CalendarDay(instant.addingTimeInterval(-3_600)) == CalendarDay(iso: "2025-07-31"))
        #expect(CalendarDay(instant, in: TimeZone(secondsFromGMT: 0)!) == CalendarDay(iso: "2025-07-31"))
    }

    @Test func computedRomanianDay_agreesWithTheTimeZoneDatabase_hourByHour() throws {
        let bucharest = try #require(TimeZone(identifier: "Europe/Bucharest"))
        // Every hour (and every DST switch's neighbourhood) of 2024 through 2027.
        let start = 1_704_067_200  // 2024-01-01T00:00:00Z
        for hour in stride(from: 0, to: 4 * 366 * 24, by: 1) {
            for minute in [0, 59] {
                let date = Date(timeIntervalSince1970: TimeInterval(start + hour * 3_600 + minute * 60))
                #expect(CalendarDay(date) == CalendarDay(date, in: bucharest), "\(date)")
            }
        }
    }

    @Test func countsDaysFromTheEpoch() throws {
        #expect(try #require(CalendarDay(iso: "1970-01-01")).daysSinceEpoch == 0)
        #expect(try #require(CalendarDay(iso: "2025-08-01")).daysSinceEpoch == 20_301)
        #expect(try #require(CalendarDay(iso: "1969-12-31")).daysSinceEpoch == -1)
    }
}
