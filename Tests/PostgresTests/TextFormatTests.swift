import Foundation
@testable import Postgres
import Testing

/// The text forms PostgreSQL prints and reads, without a server.
struct TextFormatTests {
    @Test(arguments: [
        "0", "1", "-1", "123.45", "-0.001", "99999999999999999999999999999999999999",
        "0.00000000000000000000000000000000000001", "12345678901234567890.123456789012345678",
    ])
    func numeric_roundTripsExactlyThroughDecimal(text: String) throws {
        let decimal = try PGNumericText.parse(text)
        #expect(PGNumericText.canonical(PGNumericText.format(decimal)) == PGNumericText.canonical(text))
    }

    @Test func numeric_withTrailingZeros_equalsItsShortForm() throws {
        #expect(try PGNumericText.parse("1234.5600") == Decimal(string: "1234.56"))
        #expect(try PGNumericText.parse("100") == Decimal(100))
    }

    @Test(arguments: ["1234567890123456789012345678901234567890.5", "NaN", "Infinity", "1e5", "", "-", "1.2.3", "12a"])
    func numeric_thatDoesNotFitExactly_isRefused(text: String) {
        #expect(throws: PGDecodingFailure.self) { try PGNumericText.parse(text) }
    }

    @Test func timestamp_formatsUTCWithMicroseconds() {
        let date = Date(timeIntervalSince1970: 1_714_566_600.25)
        #expect(PGTimestampText.format(microseconds: PGTimestampText.microseconds(date)) == "2024-05-01 12:30:00.250000+00")
    }

    @Test(arguments: [
        ("2024-05-01 12:30:00.25+00", "2024-05-01 12:30:00.250000+00"),
        ("2024-05-01 14:30:00+02", "2024-05-01 12:30:00.000000+00"),
        ("2024-05-01 07:00:00-05:30", "2024-05-01 12:30:00.000000+00"),
        ("2024-02-29", "2024-02-29 00:00:00.000000+00"),
        ("1969-12-31 23:59:59.999999+00", "1969-12-31 23:59:59.999999+00"),
        ("0044-03-15 12:00:00+00 BC", "0044-03-15 12:00:00.000000+00 BC"),
    ])
    func timestamp_parsesEveryFormThePrinterWrites(input: String, normalized: String) throws {
        let micros = try #require(PGTimestampText.parse(input))
        #expect(PGTimestampText.format(microseconds: micros) == normalized)
    }

    @Test(arguments: ["infinity", "-infinity", "2024-13-01", "2024-05-01 25:00", "yesterday"])
    func timestamp_rejectsWhatIsNotADate(input: String) {
        #expect(PGTimestampText.parse(input) == nil)
    }

    @Test func calendar_roundTripsEveryDayOverFourCenturies() {
        for day in stride(from: Int64(-146_097), through: 146_097, by: 1) {
            let (year, month, dayOfMonth) = PGTimestampText.civil(fromDays: day)
            #expect(PGTimestampText.daysFromCivil(year: year, month: month, day: dayOfMonth) == day)
            if PGTimestampText.daysFromCivil(year: year, month: month, day: dayOfMonth) != day { break }
        }
    }

    @Test func arrayLiteral_quotesAndEscapes() {
        #expect(PGArrayLiteral.format(["a", "b c", "q\"uote", "back\\slash", ""]) == #"{"a","b c","q\"uote","back\\slash",""}"#)
        #expect(PGArrayLiteral.format([]) == "{}")
    }

    @Test func arrayLiteral_parsesWhatTheServerPrints() throws {
        #expect(try PGArrayLiteral.parse(#"{a,"b c","q\"uote","back\\slash","",NULL,"NULL"}"#)
            == ["a", "b c", "q\"uote", "back\\slash", "", nil, "NULL"])
        #expect(try PGArrayLiteral.parse("{}") == [])
        #expect(try PGArrayLiteral.parse("[0:1]={1,2}") == ["1", "2"])
        #expect(throws: PGDecodingFailure.self) { try PGArrayLiteral.parse("{{1,2},{3,4}}") }
        #expect(throws: PGDecodingFailure.self) { try PGArrayLiteral.parse("{1,2") }
    }

    @Test func bytea_parsesHexAndEscapeForms() {
        #expect(PGByteaText.parse(#"\x00ff10"#) == [0, 255, 16])
        #expect(PGByteaText.parse(#"a\000\\b"#) == [97, 0, 92, 98])
        #expect(PGByteaText.parse(#"\x0"#) == nil)
    }

    @Test func double_encodesSpecialValuesAsPostgreSQLSpellsThem() throws {
        #expect(try Double.infinity.pgEncode() == .text("Infinity"))
        #expect(try (-Double.infinity).pgEncode() == .text("-Infinity"))
        #expect(try Double.nan.pgEncode() == .text("NaN"))
        #expect(try 0.1.pgEncode() == .text("0.1"))
    }
}
