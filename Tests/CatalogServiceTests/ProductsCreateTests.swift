import CatalogAPI
import CommonAPI
import Foundation
import Postgres
import RPCCore
import Testing

/// CreateProduct (003 §3.3) over real RPC and PostgreSQL.
@Suite struct ProductsCreateTests {
    @Test func createsAnActiveProduct_andAnswersTheSeedsShape() async throws {
        try await CatalogHarness.with { harness in
            let response = try await harness.client.createProduct(newProduct("DRL-1", name: "Drill"), options: harness.options)
            #expect(UUID(uuidString: response.id) != nil)
            #expect(response.sku == "DRL-1")
            #expect(response.name == "Drill")
            #expect(response.status == .active)
            #expect(response.ragIndexJobId.isEmpty)
            let created = try #require(response.createdAt)
            #expect(abs(created.instant.timeIntervalSinceNow) < 60)
        }
    }

    @Test func keepsEveryValueExactly_includingSubBanPricesSpecsAndDimensions() async throws {
        try await CatalogHarness.with { harness in
            var request = newProduct("SCR-1", price: "0.1234")
            request.costPrice = dec("0.1")
            request.weight = dec("1.2345")
            request.dimensions = Dimensions(length: dec("12.5"), width: dec("3"), height: dec("0.75"), unit: .m)
            request.specifications = ["power": SpecificationValue(kind: .number(dec("1.50"))),
                                      "colour": SpecificationValue(kind: .text("roșu"))]
            request.tags = [" inox ", "m8", "inox", ""]
            request.subcategory = "screws"
            request.currency = .eur
            request.status = .inactive
            let id = try await harness.create(request)
            let detail = try await harness.client.getProduct(GetProductRequest(id: id), options: harness.options)
            #expect(detail.price?.value == "0.1234")
            #expect(detail.costPrice?.value == "0.10")
            #expect(detail.weight?.value == "1.2345")
            #expect(detail.dimensions == Dimensions(length: dec("12.5"), width: dec("3"), height: dec("0.75"), unit: .m))
            #expect(detail.specifications["power"] == SpecificationValue(kind: .number(dec("1.5"))))
            #expect(detail.specifications["colour"] == SpecificationValue(kind: .text("roșu")))
            #expect(detail.tags == ["inox", "m8"])
            #expect(detail.subcategory == "screws")
            #expect(detail.currency == .eur)
            #expect(detail.status == .inactive)
        }
    }

    @Test func initialStock_writesAnInMovement_inTheSameTransaction() async throws {
        try await CatalogHarness.with { harness in
            let id = try await harness.create(newProduct("STK-1", stock: 12))
            let none = try await harness.create(newProduct("STK-0"))
            let movements = try await harness.sql { tx in
                try await tx.query("""
                    SELECT product_id::text AS product, type, quantity, previous_stock, new_stock, reason, reference_type
                    FROM stock_movements
                    """).map { row in
                    [try row.decode(String.self, column: "product"), try row.decode(String.self, column: "type"),
                     "\(try row.decode(Int64.self, column: "quantity"))", "\(try row.decode(Int64.self, column: "previous_stock"))",
                     "\(try row.decode(Int64.self, column: "new_stock"))", try row.decode(String.self, column: "reason"),
                     try row.decode(String.self, column: "reference_type")]
                }
            }
            #expect(movements == [[id, "in", "12", "0", "12", "initial stock", "manual"]])
            #expect(!movements.contains { $0[0] == none })
            let detail = try await harness.client.getProduct(GetProductRequest(id: id), options: harness.options)
            #expect(detail.stock == 12)
        }
    }

    @Test func createdBy_isThePrincipalsUser_andEmptyWithoutOne() async throws {
        try await CatalogHarness.with { harness in
            var options = harness.options
            options.metadata.principal = Principal(tenantId: harness.tenant.uuidString, userId: "user-42", email: "ana@example.ro").encoded()
            let mine = try await harness.client.createProduct(newProduct("USR-1", stock: 1), options: options).id
            let system = try await harness.create(newProduct("SYS-1"))
            #expect(try await harness.client.getProduct(GetProductRequest(id: mine), options: harness.options).createdBy == "user-42")
            #expect(try await harness.client.getProduct(GetProductRequest(id: system), options: harness.options).createdBy == "")
            let actor = try await harness.sql { tx in
                try await tx.query("SELECT created_by_type, created_by_id FROM stock_movements").map {
                    try $0.decode(String.self, column: "created_by_type") + "/" + $0.decode(String.self, column: "created_by_id")
                }
            }
            #expect(actor == ["user/user-42"])
        }
    }

    @Test func missingRequiredFields_areAllNamed_withVAL_REQUIRED_FIELD() async throws {
        try await CatalogHarness.with { harness in
            let error = await harness.failure { try await harness.client.createProduct(CreateProductRequest(sku: "  "), options: harness.options) }
            #expect(error?.code == .invalidArgument)
            let details = try statusDetails(error)
            #expect(details.code == "VAL_MULTIPLE_ERRORS")
            let fields = Set(details.violations.map(\.field))
            #expect(fields == ["sku", "name", "category", "price", "vatRate", "unit"])
            #expect(details.violations.allSatisfy { $0.code == "VAL_REQUIRED_FIELD" })
        }
    }

    @Test func oneInvalidField_travelsAsItsOwnCode() async throws {
        try await CatalogHarness.with { harness in
            var request = newProduct("BAD-1")
            request.price = dec("12.5x")
            var details = try statusDetails(await harness.failure { try await harness.client.createProduct(request, options: harness.options) })
            #expect(details.code == "VAL_INVALID_FORMAT")
            #expect(details.violations.map(\.field) == ["price"])

            request.price = dec("-1")
            details = try statusDetails(await harness.failure { try await harness.client.createProduct(request, options: harness.options) })
            #expect(details.code == "VAL_OUT_OF_RANGE")
            #expect(details.violations.map(\.field) == ["price"])

            request = newProduct("BAD-2")
            request.status = .discontinued
            details = try statusDetails(await harness.failure { try await harness.client.createProduct(request, options: harness.options) })
            #expect(details.code == "VAL_INVALID_ENUM")
            #expect(details.violations.map(\.field) == ["status"])

            request = newProduct("BAD-3")
            request.dimensions = Dimensions(length: dec("1"), width: dec("0"), height: dec("2"), unit: .cm)
            details = try statusDetails(await harness.failure { try await harness.client.createProduct(request, options: harness.options) })
            #expect(details.code == "VAL_OUT_OF_RANGE")
            #expect(details.violations.map(\.field) == ["dimensions.width"])
            request.dimensions = Dimensions(length: dec("1"), width: dec("1"))
            details = try statusDetails(await harness.failure { try await harness.client.createProduct(request, options: harness.options) })
            #expect(details.code == "VAL_REQUIRED_FIELD")
            #expect(details.violations.map(\.field) == ["dimensions.height"])

            request = newProduct("BAD-4", stock: -1)
            request.specifications = ["power": SpecificationValue()]
            details = try statusDetails(await harness.failure { try await harness.client.createProduct(request, options: harness.options) })
            #expect(Set(details.violations.map { "\($0.field) \($0.code)" }) == ["stock VAL_OUT_OF_RANGE", "specifications.power VAL_REQUIRED_FIELD"])
        }
    }

    @Test func vatRateNotInForceToday_isOutOfRange_namingTheAllowedRates() async throws {
        try await CatalogHarness.with(now: { utc(2025, 8, 1) }) { harness in
            let error = await harness.failure { try await harness.client.createProduct(newProduct("VAT-19", vatRate: "19"), options: harness.options) }
            #expect(error?.code == .invalidArgument)
            let details = try statusDetails(error)
            #expect(details.code == "VAL_OUT_OF_RANGE")
            #expect(details.violations.map(\.field) == ["vatRate"])
            #expect(details.message.contains("allowed: 0, 9, 11, 21"))
            try await harness.create(newProduct("VAT-21", vatRate: "21.00"))
        }
    }

    @Test func duplicateSKU_isAlreadyExists_withVAL_DUPLICATE_onSku() async throws {
        try await CatalogHarness.with { harness in
            try await harness.create(newProduct("DUP-1"))
            let error = await harness.failure { try await harness.client.createProduct(newProduct("DUP-1"), options: harness.options) }
            #expect(error?.code == .alreadyExists)
            let details = try statusDetails(error)
            #expect(details.code == "VAL_DUPLICATE")
            #expect(details.violations.map(\.field) == ["sku"])
        }
    }

    @Test func racingCreatesOfOneSKU_oneWins_theOthersGetVAL_DUPLICATE_onSku() async throws {
        try await CatalogHarness.with { harness in
            let outcomes = await withTaskGroup(of: String.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        do {
                            _ = try await harness.client.createProduct(newProduct("RACE-1"), options: harness.options)
                            return "created"
                        } catch let error as RPCError {
                            let details = try? StatusDetails(decoding: error.details)
                            return "\(error.code.name) \(details?.code ?? "") \(details?.violations.map(\.field) ?? [])"
                        } catch {
                            return "\(error)"
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == "created" }.count == 1)
            #expect(outcomes.filter { $0 != "created" }.allSatisfy { $0 == "ALREADY_EXISTS VAL_DUPLICATE [\"sku\"]" }, "\(outcomes)")
        }
    }

    @Test func anotherTenantMayUseTheSameSKU() async throws {
        try await CatalogHarness.with { harness in
            try await harness.create(newProduct("SHARED-1"))
            _ = try await harness.client.createProduct(newProduct("SHARED-1"), options: harness.options(tenant: UUID()))
        }
    }
}
