import CommonAPI
import RPCCore
import Testing
@testable import ServiceKit

struct SeedErrorTests {
    @Test func travelsAsTheTablesRPCStatus_withStatusDetails() throws {
        let error = SeedError("VAL_DUPLICATE", "SKU A-1 already exists", field: "sku").rpcError
        #expect(error.code == .alreadyExists)
        let details = try StatusDetails(decoding: error.details)
        #expect(details.code == "VAL_DUPLICATE")
        #expect(details.violations == [FieldViolation(field: "sku", message: "SKU A-1 already exists", code: "VAL_DUPLICATE")])
    }

    @Test func mapsEverySeedFamily() {
        #expect(SeedError.status(for: "VAL_REQUIRED_FIELD") == .invalidArgument)
        #expect(SeedError.status(for: "VAL_REFERENCE_INVALID") == .failedPrecondition)
        #expect(SeedError.status(for: "RES_NOT_FOUND") == .notFound)
        #expect(SeedError.status(for: "RES_LOCKED") == .failedPrecondition)
        #expect(SeedError.status(for: "BIZ_STOCK_INSUFFICIENT") == .failedPrecondition)
        #expect(SeedError.status(for: "BIZ_QUOTA_EXCEEDED") == .resourceExhausted)
        #expect(SeedError.status(for: "SOMETHING_ELSE") == .internalError)
    }

    @Test func groupsSeveralViolations_underMultipleErrors() {
        let error = SeedError.validation([
            .init(field: "sku", code: "VAL_REQUIRED_FIELD", message: "required"),
            .init(field: "price", code: "VAL_OUT_OF_RANGE", message: "must be >= 0"),
        ])
        #expect(error.code == "VAL_MULTIPLE_ERRORS")
        #expect(error.rpcError.code == .invalidArgument)
    }
}
