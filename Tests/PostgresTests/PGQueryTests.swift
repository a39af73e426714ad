import Foundation
@testable import Postgres
import Testing

/// Interpolation turns values into parameters and identifiers into quoted names; no value
/// ever reaches the SQL text.
struct PGQueryTests {
    @Test func interpolatedValues_becomeNumberedParameters_notSQLText() throws {
        let name = "Robert'); DROP TABLE students;--"
        let limit = 10
        let query: PGQuery = "SELECT * FROM students WHERE name = \(name) LIMIT \(limit)"
        #expect(query.sql == "SELECT * FROM students WHERE name = $1 LIMIT $2")
        #expect(!query.sql.contains("DROP"))
        let rendered = try query.render()
        #expect(rendered.values == [.text(name), .text("10")])
        #expect(rendered.types == [.unspecified, .int8])
    }

    @Test func identifierInterpolation_quotesAndDoublesQuotes() {
        let table = "weird \"name\"; DROP"
        let query: PGQuery = "SELECT 1 FROM \(identifier: "catalog").\(identifier: table)"
        #expect(query.sql == #"SELECT 1 FROM "catalog"."weird ""name""; DROP""#)
        #expect(query.parameters.isEmpty)
    }

    @Test func fragments_areRenumberedAfterTheParametersBeforeThem() throws {
        let filter: PGQuery = "name = \("a") AND price < \(Decimal(5))"
        let query: PGQuery = "SELECT * FROM p WHERE tenant_id = \(UUID()) AND \(fragment: filter) LIMIT \(3)"
        #expect(query.sql == "SELECT * FROM p WHERE tenant_id = $1 AND name = $2 AND price < $3 LIMIT $4")
        #expect(try query.render().types == [.uuid, .unspecified, .numeric, .int8])
    }

    @Test func optionalNil_isNullWithTheWrappedType() throws {
        let missing: Int32? = nil
        let rendered = try PGQuery("VALUES (\(missing))").render()
        #expect(rendered.values == [.null])
        #expect(rendered.types == [.int4])
    }

    @Test func description_showsSQLAndCount_neverValues() {
        let secret = "hunter2"
        let query: PGQuery = "UPDATE users SET password = \(secret)"
        #expect(query.description == "UPDATE users SET password = $1 [1 parameters]")
        #expect(!String(describing: query).contains(secret))
    }

    @Test func stringWithNUL_isRefusedWhenRendered() {
        let query: PGQuery = "SELECT \("a\u{0}b")"
        #expect { try query.render() } throws: { ($0 as? PGError)?.code == .invalidParameter }
    }

    @Test func appendedQueries_keepTheirParametersInOrder() {
        var query: PGQuery = "SELECT \(1)"
        query.append(", \(2), \("x")")
        #expect(query.sql == "SELECT $1, $2, $3")
        #expect(query.parameters.count == 3)
    }
}
