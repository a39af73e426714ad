import Foundation
import Postgres
import RPCCore
import Testing

/// Real constraint violations carry their SQLSTATE and names, and map to the platform's outcome.
struct ConstraintErrorTests {
    static func violation(_ statement: (String) -> PGQuery) async throws -> PGError? {
        try await withPool { pool in
            try await withSchema(pool) { schema in
                try await pool.query("CREATE TABLE \(identifier: schema).parents (id int PRIMARY KEY)")
                try await pool.query("""
                    CREATE TABLE \(identifier: schema).products (
                        tenant_id uuid NOT NULL,
                        sku text NOT NULL,
                        price numeric CONSTRAINT price_not_negative CHECK (price >= 0),
                        parent_id int REFERENCES \(identifier: schema).parents (id),
                        UNIQUE (tenant_id, sku)
                    )
                    """)
                try await pool.query("INSERT INTO \(identifier: schema).parents VALUES (1)")
                try await pool.query("""
                    INSERT INTO \(identifier: schema).products VALUES ('00000000-0000-0000-0000-000000000001', 'SKU-1', 1, 1)
                    """)
                do {
                    try await pool.query(statement(schema))
                    return nil
                } catch let error as PGError {
                    return error
                }
            }
        }
    }

    static let tenant = UUID(uuidString: "00000000-0000-0000-0000-000000000001")!

    @Test func duplicate_isAlreadyExists_withTheKeyColumn() async throws {
        let error = try #require(try await Self.violation { schema in
            "INSERT INTO \(identifier: schema).products (tenant_id, sku) VALUES (\(Self.tenant), \("SKU-1"))"
        })
        #expect(error.sqlState == "23505")
        #expect(error.constraint == "products_tenant_id_sku_key")
        #expect(error.table == "products")
        #expect(error.outcome == PGError.Outcome(code: .alreadyExists, seedCode: "VAL_DUPLICATE", field: "sku", message: "duplicate value not allowed"))
        #expect(!error.description.contains("SKU-1"))
        #expect(error.rpcError.code == .alreadyExists)
    }

    @Test func missingReference_isFailedPrecondition() async throws {
        let error = try #require(try await Self.violation { schema in
            "INSERT INTO \(identifier: schema).products (tenant_id, sku, parent_id) VALUES (\(Self.tenant), \("SKU-2"), \(99))"
        })
        #expect(error.sqlState == "23503")
        #expect(error.outcome.code == .failedPrecondition)
        #expect(error.outcome.seedCode == "VAL_REFERENCE_INVALID")
        #expect(error.outcome.field == "parent_id")
    }

    @Test func checkViolation_isInvalidArgument_outOfRange() async throws {
        let error = try #require(try await Self.violation { schema in
            "INSERT INTO \(identifier: schema).products (tenant_id, sku, price) VALUES (\(Self.tenant), \("SKU-3"), \(Decimal(-1)))"
        })
        #expect(error.sqlState == "23514")
        #expect(error.constraint == "price_not_negative")
        #expect(error.outcome.code == .invalidArgument)
        #expect(error.outcome.seedCode == "VAL_OUT_OF_RANGE")
    }

    @Test func notNullViolation_isRequiredField_namingTheColumn() async throws {
        let error = try #require(try await Self.violation { schema in
            "INSERT INTO \(identifier: schema).products (tenant_id, sku) VALUES (\(Self.tenant), \(String?.none))"
        })
        #expect(error.sqlState == "23502")
        #expect(error.column == "sku")
        #expect(error.outcome.code == .invalidArgument)
        #expect(error.outcome.seedCode == "VAL_REQUIRED_FIELD")
        #expect(error.outcome.field == "sku")
    }

    @Test func syntaxError_isInternal_andItsDescriptionHidesTheSQL() async throws {
        let error = try #require(try await Self.violation { schema in "SELEC 1 FROM \(identifier: schema).products" })
        #expect(error.sqlState == "42601")
        #expect(error.outcome.code == .internalError)
        #expect(error.description == "PGError(queryFailed, SQLSTATE 42601)")
        #expect(String(reflecting: error).contains("SELEC 1"))
    }
}
