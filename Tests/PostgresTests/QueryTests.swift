import Foundation
import Postgres
import Testing

/// Values through a real server: every supported type both ways, NULLs, prepared statements
/// and decoding errors.
struct QueryTests {
    struct Payload: Codable, Sendable, Equatable {
        var sku: String
        var quantities: [Int]
    }

    @Test func everySupportedType_roundTripsThroughATable() async throws {
        try await withPool { pool in
            try await withSchema(pool) { schema in
                try await pool.query("""
                    CREATE TABLE \(identifier: schema).everything (
                        s text, i int8, i32 int4, b bool, d float8, n numeric, t timestamptz, u uuid,
                        bytes bytea, strings text[], ints int8[], uuids uuid[], j jsonb, missing text
                    )
                    """)
                let date = Date(timeIntervalSinceReferenceDate: 700_000_000.123456)
                let id = UUID()
                let price = try #require(Decimal(string: "12345678901234567890.123456789012345678"))
                let bytes: [UInt8] = [0, 1, 2, 0x5C, 0x27, 0xFF]
                let strings = ["plain", "with space", "quote\"", "back\\slash", "comma,brace}", "", "NULL", "ăîșțâ"]
                let payload = Payload(sku: "X-1", quantities: [1, 2])
                let nothing: String? = nil
                try await pool.query("""
                    INSERT INTO \(identifier: schema).everything VALUES (
                        \("it's \u{1F600}"), \(Int.min), \(Int32.max), \(true), \(0.1), \(price), \(date), \(id),
                        \(bytes), \(strings), \([1, -2, Int.max]), \([id]), \(PGJSON(payload)), \(nothing))
                    """)
                let row = try #require(try await pool.query("SELECT * FROM \(identifier: schema).everything").first)
                #expect(try row.decode(String.self, column: "s") == "it's \u{1F600}")
                #expect(try row.decode(Int.self, column: "i") == Int.min)
                #expect(try row.decode(Int32.self, column: "i32") == Int32.max)
                #expect(try row.decode(Bool.self, column: "b") == true)
                #expect(try row.decode(Double.self, column: "d") == 0.1)
                #expect(try row.decode(Decimal.self, column: "n") == price)
                #expect(try row.decode(Date.self, column: "t") == date)
                #expect(try row.decode(UUID.self, column: "u") == id)
                #expect(try row.decode([UInt8].self, column: "bytes") == bytes)
                #expect(try row.decode([String].self, column: "strings") == strings)
                #expect(try row.decode([Int].self, column: "ints") == [1, -2, Int.max])
                #expect(try row.decode([UUID].self, column: "uuids") == [id])
                #expect(try row.decode(PGJSON<Payload>.self, column: "j").value == payload)
                #expect(try row.decode(String?.self, column: "missing") == nil)
                #expect(row.isNull(column: "missing"))
            }
        }
    }

    @Test func numeric_staysExact_whereDoubleWouldNot() async throws {
        try await withPool { pool in
            let rows = try await pool.query("SELECT \(Decimal(string: "0.1")!) + \(Decimal(string: "0.2")!) AS sum, 0.1::float8 + 0.2::float8 AS float")
            #expect(try rows[0].decode(Decimal.self, column: "sum") == Decimal(string: "0.3"))
            #expect(try rows[0].decode(String.self, column: "sum") == "0.3")
            #expect(try rows[0].decode(Double.self, column: "float") != 0.3)
        }
    }

    @Test func interpolatedInjectionAttempt_isStoredAsData() async throws {
        try await withPool { pool in
            try await withSchema(pool) { schema in
                try await pool.query("CREATE TABLE \(identifier: schema).notes (body text)")
                let hostile = "x'); DROP TABLE \(schema).notes; --"
                try await pool.query("INSERT INTO \(identifier: schema).notes VALUES (\(hostile))")
                let rows = try await pool.query("SELECT body FROM \(identifier: schema).notes")
                #expect(try rows[0].decode(String.self, column: "body") == hostile)
            }
        }
    }

    @Test func decodingTheWrongType_namesColumnTypeAndSwiftType() async throws {
        try await withPool { pool in
            let row = try await pool.query("SELECT 'abc'::text AS label, NULL::int8 AS nothing, 3000000000::int8 AS big")[0]
            let wrongType = #expect(throws: PGError.self) { try row.decode(Int.self, column: "label") }
            #expect(wrongType?.code == .decodingFailed)
            #expect(wrongType?.column == "label")
            let detail = wrongType.map { String(reflecting: $0) } ?? ""
            #expect(detail.contains("\"label\" (text)") && detail.contains("Int"))
            #expect(wrongType?.description == "PGError(decodingFailed)")

            let null = #expect(throws: PGError.self) { try row.decode(Int.self, column: "nothing") }
            #expect(null.map { String(reflecting: $0) }?.contains("NULL") == true)
            #expect(try row.decode(Int?.self, column: "nothing") == nil)

            let overflow = #expect(throws: PGError.self) { try row.decode(Int32.self, column: "big") }
            #expect(overflow?.column == "big")

            let missing = #expect(throws: PGError.self) { try row.decode(Int.self, column: "absent") }
            #expect(missing.map { String(reflecting: $0) }?.contains("label, nothing, big") == true)
        }
    }

    @Test func sameSQL_isPreparedOncePerConnection_andReused() async throws {
        try await withPool(maxConnections: 1) { pool in
            let marker = TestDatabase.uniqueName("marker")
            for value in 0..<5 {
                let rows = try await pool.query("SELECT \(value)::int8 AS v, \(marker)::text AS marker")
                #expect(try rows[0].decode(Int.self, column: "v") == value)
            }
            let prepared = try await pool.query("""
                SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%AS marker'
                """)
            #expect(try prepared[0].decode(Int.self, column: 0) == 1)
        }
    }

    @Test func statementCache_evictsBeyondCapacity_andStillAnswers() async throws {
        try await withPool(maxConnections: 1, configure: { $0.statementCacheCapacity = 3 }) { pool in
            for index in 0..<10 {
                let rows = try await pool.query("SELECT \(index)::int8 + \(fragment: PGQuery(stringLiteral: String(index))) AS v")
                #expect(try rows[0].decode(Int.self, column: "v") == index * 2)
            }
            let count = try await pool.query("SELECT count(*) FROM pg_prepared_statements")
            #expect(try count[0].decode(Int.self, column: 0) <= 4)
        }
    }

    @Test func stringParameters_bindToEnumsAndVarchar_withoutCasts() async throws {
        try await withPool { pool in
            try await withSchema(pool) { schema in
                try await pool.query("CREATE TYPE \(identifier: schema).status AS ENUM ('open', 'closed')")
                try await pool.query("CREATE TABLE \(identifier: schema).deals (status \(identifier: schema).status, code varchar(8))")
                try await pool.query("INSERT INTO \(identifier: schema).deals VALUES (\("open"), \("A1"))")
                let rows = try await pool.query("SELECT count(*) FROM \(identifier: schema).deals WHERE status = \("open") AND code = \("A1")")
                #expect(try rows[0].decode(Int.self, column: 0) == 1)
            }
        }
    }

    @Test func affectedRows_andCommandTag_reportWhatTheStatementDid() async throws {
        try await withPool { pool in
            try await withSchema(pool) { schema in
                try await pool.query("CREATE TABLE \(identifier: schema).counters (n int8)")
                let inserted = try await pool.query("INSERT INTO \(identifier: schema).counters SELECT generate_series(1, \(5))")
                #expect(inserted.affectedRows == 5)
                #expect(inserted.commandTag == "INSERT 0 5")
                let updated = try await pool.query("UPDATE \(identifier: schema).counters SET n = n + 1 WHERE n > \(3)")
                #expect(updated.affectedRows == 2)
            }
        }
    }
}
