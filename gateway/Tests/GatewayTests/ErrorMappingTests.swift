import CommonAPI
import Foundation
import Testing
import RPCCore
@testable import Gateway

/// The RPC status → HTTP status → seed code table of gateway/README.md §Errors, row by row:
/// a change to either side fails here.
struct ErrorMappingTests {
    /// Rows of the README table: RPC status, the seed code a service sends (empty: none), HTTP status, code the client sees.
    static let table: [(RPCError.Code, String, Int, String)] = [
        (.invalidArgument, "VAL_REQUIRED_FIELD", 422, "VAL_REQUIRED_FIELD"),
        (.invalidArgument, "VAL_OUT_OF_RANGE", 422, "VAL_OUT_OF_RANGE"),
        (.invalidArgument, "VAL_INVALID_ENUM", 422, "VAL_INVALID_ENUM"),
        (.invalidArgument, "VAL_INVALID_FORMAT", 422, "VAL_INVALID_FORMAT"),
        (.invalidArgument, "VAL_MULTIPLE_ERRORS", 422, "VAL_MULTIPLE_ERRORS"),
        (.invalidArgument, "VAL_MALFORMED_JSON", 400, "VAL_MALFORMED_JSON"),
        (.invalidArgument, "VAL_INVALID_TYPE", 400, "VAL_INVALID_TYPE"),
        (.invalidArgument, "VAL_UNKNOWN_FIELD", 400, "VAL_UNKNOWN_FIELD"),
        (.invalidArgument, "", 422, "VAL_INVALID_FORMAT"),
        (.notFound, "RES_NOT_FOUND", 404, "RES_NOT_FOUND"),
        (.notFound, "RES_DELETED", 404, "RES_DELETED"),
        (.notFound, "", 404, "RES_NOT_FOUND"),
        (.alreadyExists, "VAL_DUPLICATE", 409, "VAL_DUPLICATE"),
        (.alreadyExists, "RES_ALREADY_EXISTS", 409, "RES_ALREADY_EXISTS"),
        (.failedPrecondition, "RES_LOCKED", 409, "RES_LOCKED"),
        (.failedPrecondition, "RES_ARCHIVED", 409, "RES_ARCHIVED"),
        (.failedPrecondition, "VAL_REFERENCE_INVALID", 422, "VAL_REFERENCE_INVALID"),
        (.failedPrecondition, "BIZ_STOCK_INSUFFICIENT", 422, "BIZ_STOCK_INSUFFICIENT"),
        (.failedPrecondition, "", 409, "RES_LOCKED"),
        (.aborted, "", 409, "RES_LOCKED"),
        (.resourceExhausted, "BIZ_QUOTA_EXCEEDED", 429, "BIZ_QUOTA_EXCEEDED"),
        (.resourceExhausted, "", 503, "SYS_SERVICE_UNAVAILABLE"),
        (.unauthenticated, "AUTH_TOKEN_INVALID", 401, "AUTH_TOKEN_INVALID"),
        (.unauthenticated, "", 401, "AUTH_TOKEN_INVALID"),
        (.permissionDenied, "AUTHZ_PERMISSION_DENIED", 403, "AUTHZ_PERMISSION_DENIED"),
        (.permissionDenied, "", 403, "AUTHZ_PERMISSION_DENIED"),
        (.unavailable, "SYS_DATABASE_ERROR", 503, "SYS_DATABASE_ERROR"),
        (.unavailable, "", 503, "SYS_SERVICE_UNAVAILABLE"),
        (.deadlineExceeded, "", 504, "SYS_TIMEOUT"),
        (.cancelled, "", 503, "SYS_SERVICE_UNAVAILABLE"),
        (.internalError, "", 502, "SYS_INTERNAL_ERROR"),
        (.internalError, "SYS_INTERNAL_ERROR", 502, "SYS_INTERNAL_ERROR"),
        (.unknown, "", 502, "SYS_INTERNAL_ERROR"),
        (.unimplemented, "", 502, "SYS_INTERNAL_ERROR"),
        (.dataLoss, "", 502, "SYS_INTERNAL_ERROR"),
    ]

    @Test(arguments: table.indices)
    func rpcOutcomeMapsToTheTablesStatusAndCode(row: Int) {
        let (rpc, seed, http, code) = Self.table[row]
        let details = seed.isEmpty ? [] : StatusDetails(code: seed, message: "m").encoded()
        let error = ErrorMapping.apiError(RPCError(rpc, "transport text that must not leak", details: details))
        #expect(error.status == http, "\(rpc) \(seed)")
        #expect(error.code == code, "\(rpc) \(seed)")
        #expect(!error.message.contains("must not leak"))
    }

    /// The README's table is this table: each row appears there as `| RPC | code | HTTP | client code |`.
    @Test func readmeTableListsEveryRow() throws {
        let readme = try String(contentsOfFile: #filePath.replacingOccurrences(of: "Tests/GatewayTests/ErrorMappingTests.swift", with: "README.md"), encoding: .utf8)
        for (rpc, seed, http, code) in Self.table {
            let row = "| \(rpc.name) | \(seed.isEmpty ? "(none)" : seed) | \(http) | \(code) |"
            #expect(readme.contains(row), "gateway/README.md lacks the row \(row)")
        }
    }

    @Test func serviceDetailsBecomeTheSeedsFieldsAndNumbers() {
        let status = StatusDetails(code: "BIZ_STOCK_INSUFFICIENT", message: "Only 3 left",
                                   violations: [FieldViolation(field: "items[0].quantity", message: "too many", code: "")],
                                   metadata: ["available": "3", "sku": "007"])
        let error = ErrorMapping.apiError(RPCError(.failedPrecondition, "x", details: status.encoded()))
        #expect(error.field == "items[0].quantity")
        #expect(error.violations == [.init(field: "items[0].quantity", code: "BIZ_STOCK_INSUFFICIENT", message: "too many")])
        #expect(error.details.map(\.key) == ["available", "sku"])
        #expect(error.details[0].value == .number("3"))
        #expect(error.details[1].value == .string("007"))
    }
}
