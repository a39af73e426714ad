@testable import CatalogService
import Foundation
import ServiceKit
import Testing

/// ProductImportPlan: what each row of a file will do, decided before anything is written.
struct ImportPlanTests {
    let mapping = ["sku": "sku", "name": "name", "category": "category", "price": "price", "vat": "vatRate", "unit": "unit"]
    let day = CalendarDay(year: 2026, month: 1, day: 18)!

    func file(_ text: String) -> ProductImportFile {
        ProductImportFile(bytes: Array(text.utf8), mapping: mapping, vatRates: .romania, on: day)
    }

    @Test func rowsCreateUpdateOrSkip_andInvalidOnesAreReportedByLine() {
        let csv = file("sku,name,category,price,vat,unit\nA,Ana,c,1,21,buc\nB,,,,,\nC,Cel,c,x,21,buc\nD,Dan,c,2,21,buc\n")
        let plan = ProductImportPlan(file: csv, existingSKUs: ["B", "D"], updateExisting: true, skipInvalid: true)
        #expect(plan.steps.count == 4)
        #expect(plan.failure == nil)
        #expect((plan.createCount, plan.updateCount, plan.skipCount) == (1, 2, 1), "B exists: an update needs no name")
        #expect(plan.issues.map { "\($0.row):\($0.field)" } == ["4:price"])

        let noUpdates = ProductImportPlan(file: csv, existingSKUs: ["B", "D"], updateExisting: false, skipInvalid: true)
        #expect((noUpdates.createCount, noUpdates.updateCount, noUpdates.skipCount) == (1, 0, 3))
    }

    @Test func aNewProductMissingRequiredFields_isInvalidNamingEachField() {
        let plan = ProductImportPlan(file: file("sku,name,category,price,vat,unit\nN,,c,1,,buc\n"), existingSKUs: [],
                                     updateExisting: false, skipInvalid: true)
        #expect(plan.issues.map(\.field) == ["name", "vatRate"])
        #expect(plan.issues.allSatisfy { $0.row == 2 && $0.code == .requiredField })
    }

    @Test func withoutSkipInvalid_anyInvalidRowFailsThePlan() {
        let plan = ProductImportPlan(file: file("sku,name,category,price,vat,unit\nA,Ana,c,1,21,buc\nB,Bo,c,1,7,buc\n"),
                                     existingSKUs: [], updateExisting: false, skipInvalid: false)
        #expect(plan.failure == "1 of 2 rows are invalid; nothing was imported (skipInvalid is false)")
    }

    @Test func aHeaderThatDoesNotFit_orAnEmptyFile_failsThePlan() {
        let badHeader = ProductImportPlan(file: file("code,name\nA,Ana\n"), existingSKUs: [], updateExisting: false, skipInvalid: true)
        #expect(badHeader.failure?.contains("header") == true)
        #expect(badHeader.steps == [.skipInvalid])
        let empty = ProductImportPlan(file: file(""), existingSKUs: [], updateExisting: false, skipInvalid: true)
        #expect(empty.failure == "the file is empty")
    }

    @Test func reportedIssues_areCappedWithACountOfTheRest() {
        let issues = (0..<(ProductImportRunner.maxReportedIssues + 5)).map {
            ProductImportIssue(row: $0 + 2, field: "price", message: "bad", code: .invalidFormat)
        }
        let kept = ProductImportRunner.reported(issues)
        #expect(kept.count == ProductImportRunner.maxReportedIssues)
        #expect(kept.last?.message == "6 more problems are not listed")
    }
}

/// Export columns and paging rules.
struct ExportColumnAndPagingTests {
    @Test func defaultColumns_importBack_andImagesComeLast() throws {
        let columns = try ProductExportColumn.columns(fields: [], includeImages: true)
        #expect(columns.first == .id)
        #expect(columns.last == .images)
        let importable = Set(ProductField.importable.map(\.jsonName))
        #expect(importable.isSubset(of: Set(columns.map(\.rawValue))), "every importable field is exported by default")
    }

    @Test func cellsAreTyped_andAbsentValuesEmpty() {
        let product = ExportedProduct(id: "id-1", sku: "A", values: ProductValues(name: "Ana", category: "c", price: Decimal(string: "12.50")!,
                                                                                 vatRate: 21, unit: "buc", tags: ["x", "y"]),
                                      stock: 3, createdAt: Date(timeIntervalSince1970: 0), updatedAt: Date(timeIntervalSince1970: 0))
        #expect(product.value(.price) == .number(Decimal(string: "12.5")!))
        #expect(product.value(.stock) == .integer(3))
        #expect(product.value(.costPrice) == .empty)
        #expect(product.value(.tags) == .text("x, y"))
        #expect(product.value(.createdAt) == .text("1970-01-01T00:00:00.000Z"))
    }

    @Test func pagingDefaultsAndLimits() throws {
        let paging = try Paging(page: 0, limit: 0)
        #expect((paging.page, paging.limit, paging.offset) == (1, 25, 0))
        #expect(try Paging(page: 3, limit: 10).offset == 20)
        #expect(throws: SeedError.self) { try Paging(page: 1, limit: 101) }
        let info = try Paging(page: 2, limit: 10).info(total: 25)
        #expect((info.totalPages, info.hasNext, info.hasPrevious) == (3, true, true))
        #expect(try Paging(page: 1, limit: 10).info(total: 0).totalPages == 0)
    }
}
