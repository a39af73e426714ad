import CatalogService
import Foundation
import Testing

@Suite struct StockRulesTests {
    @Test func statusFollowsAvailableStock_againstTheMinimum() {
        #expect(StockRules.status(of: StockLevel(total: 10, reserved: 0, minStock: 5)) == .inStock)
        #expect(StockRules.status(of: StockLevel(total: 10, reserved: 5, minStock: 5)) == .lowStock)
        #expect(StockRules.status(of: StockLevel(total: 10, reserved: 10, minStock: 5)) == .outOfStock)
        #expect(StockRules.status(of: StockLevel(total: 0)) == .outOfStock)
        #expect(StockRules.status(of: StockLevel(total: 1)) == .inStock)
    }

    @Test func availableStockNeverGoesBelowZero_whenACountFoundLessThanIsReserved() {
        let level = StockLevel(total: 3, reserved: 5)
        #expect(level.available == 0)
        #expect(StockRules.status(of: level) == .outOfStock)
    }

    @Test func labelsAreEnglish() {
        #expect(StockRules.Status.allCases.map(StockRules.statusLabel) == ["In stock", "Low stock", "Out of stock"])
        #expect(StockRules.Status.allCases.map(\.rawValue) == ["in_stock", "low_stock", "out_of_stock"])
    }

    @Test func alertsNameLowStock_outOfStock_andBelowReorder() {
        #expect(StockRules.alerts(for: StockLevel(total: 100, minStock: 5, reorderPoint: 10)).isEmpty)
        #expect(StockRules.alerts(for: StockLevel(total: 8, minStock: 5, reorderPoint: 10)).map(\.kind) == [.belowReorder])
        #expect(StockRules.alerts(for: StockLevel(total: 4, minStock: 5, reorderPoint: 10)).map(\.kind) == [.lowStock, .belowReorder])
        #expect(StockRules.alerts(for: StockLevel(total: 5, reserved: 5, minStock: 5, reorderPoint: 10)).map(\.kind) == [.outOfStock, .belowReorder])
        #expect(StockRules.alerts(for: StockLevel(total: 0)).map(\.kind) == [.outOfStock])
        let message = StockRules.alerts(for: StockLevel(total: 4, minStock: 5)).first?.message
        #expect(message == "Available stock 4 is at or below the minimum of 5")
    }

    @Test func adjustSetsAddsAndSubtracts() throws {
        #expect(try StockRules.adjust(stock: 10, kind: .set, quantity: 4) == .init(previousStock: 10, adjustment: -6, newStock: 4))
        #expect(try StockRules.adjust(stock: 10, kind: .add, quantity: 5) == .init(previousStock: 10, adjustment: 5, newStock: 15))
        #expect(try StockRules.adjust(stock: 10, kind: .subtract, quantity: 10) == .init(previousStock: 10, adjustment: -10, newStock: 0))
    }

    @Test func subtractingBelowZeroIsRefused_withStockInsufficient() {
        let error = #expect(throws: CatalogError.self) {
            try StockRules.adjust(stock: 3, kind: .subtract, quantity: 4)
        }
        #expect(error?.code == .stockInsufficient)
        #expect(error?.code.rawValue == "BIZ_STOCK_INSUFFICIENT")
        #expect(error?.field == "quantity")
    }

    @Test func negativeQuantitiesAndOverflowAreOutOfRange() {
        #expect(throws: CatalogError(.outOfRange, field: "quantity", "quantity must be 0 or more")) {
            try StockRules.adjust(stock: 3, kind: .add, quantity: -1)
        }
        let error = #expect(throws: CatalogError.self) {
            try StockRules.adjust(stock: .max, kind: .add, quantity: 1)
        }
        #expect(error?.code == .outOfRange)
    }

    @Test func reservationTakesWhatIsAvailable_andReportsTheShortfall() throws {
        let full = try StockRules.reserve(productId: "p", requested: 5, available: 10)
        #expect(full.reserved == 5 && full.shortfall == 0 && full.warning == nil)
        let short = try StockRules.reserve(productId: "p", requested: 10, available: 4)
        #expect(short.reserved == 4 && short.shortfall == 6)
        #expect(short.warning == "Only 4 of 10 available: reserved 4, short by 6")
        let none = try StockRules.reserve(productId: "p", requested: 3, available: -2)
        #expect(none.reserved == 0 && none.shortfall == 3)
        #expect(none.warning == "No stock available: requested 3, reserved 0")
    }

    @Test func reservationRefusesNoItems_repeatedOrUnknownProducts_andZeroQuantities() {
        let available: [String: Int64] = ["a": 5, "b": 5]
        #expect(throws: CatalogError(.requiredField, field: "items", "at least one item is required")) {
            try StockRules.reserve([], available: available)
        }
        var error = #expect(throws: CatalogError.self) {
            try StockRules.reserve([.init(productId: "a", quantity: 1), .init(productId: "a", quantity: 1)], available: available)
        }
        #expect(error?.code == .duplicate && error?.field == "items[1].productId")
        error = #expect(throws: CatalogError.self) {
            try StockRules.reserve([.init(productId: "z", quantity: 1)], available: available)
        }
        #expect(error?.code == .referenceInvalid)
        error = #expect(throws: CatalogError.self) {
            try StockRules.reserve([.init(productId: "a", quantity: 1), .init(productId: "b", quantity: 0)], available: available)
        }
        #expect(error?.code == .outOfRange && error?.field == "items[1].quantity")
    }

    @Test func reservationsLapseAfterSixtyMinutes_byDefault() throws {
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(try StockRules.reservationExpiry(from: now, minutes: 0) == now.addingTimeInterval(3600))
        #expect(try StockRules.reservationExpiry(from: now, minutes: 15) == now.addingTimeInterval(900))
        #expect(throws: CatalogError.self) { try StockRules.reservationExpiry(from: now, minutes: 50_000) }
    }
}

@Suite struct ProductChangesTests {
    let base = ProductValues(name: "Șurub", category: "Feronerie", price: Decimal(string: "12.50")!, vatRate: 21, unit: "buc")

    @Test func listsOnlyFieldsWhoseValuesChanged_inSeedOrder() {
        var new = base
        new.status = .discontinued
        new.name = "Șurub M8"
        new.costPrice = 3
        #expect(ProductValues.changedFields(from: base, to: new) == ["name", "costPrice", "status"])
    }

    @Test func equalDecimalsWrittenDifferently_areNoChange() {
        var new = base
        new.price = Decimal(string: "12.5")!
        #expect(ProductValues.changedFields(from: base, to: new).isEmpty)
    }

    @Test func settingANullableFieldToNull_isAChange() {
        var old = base
        old.subcategory = "Șuruburi"
        old.dimensions = .init(length: 1, width: 2, height: 3)
        var new = old
        new.subcategory = nil
        new.dimensions = nil
        #expect(ProductValues.changedFields(from: old, to: new) == ["subcategory", "dimensions"])
    }

    @Test func replacingTagsOrSpecifications_isAChangeOnlyWhenTheyDiffer() {
        var old = base
        old.tags = ["a", "b"]
        old.specifications = ["power": .number(5)]
        var new = old
        new.specifications = ["power": .number(Decimal(string: "5.0")!)]
        #expect(ProductValues.changedFields(from: old, to: new).isEmpty)
        new.tags = ["b", "a"]
        #expect(ProductValues.changedFields(from: old, to: new) == ["tags"])
    }

    @Test func nullableFieldsAreTheSeedsFour() {
        #expect(ProductField.allCases.filter(\.isNullable) == [.subcategory, .costPrice, .weight, .dimensions])
    }
}
