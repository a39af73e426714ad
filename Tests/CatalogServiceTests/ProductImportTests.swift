import CatalogService
import Foundation
import Testing

@Suite struct ProductImportTests {
    let august2025 = CalendarDay(iso: "2025-08-15")!
    let mapping = [
        "Cod": "sku", "Denumire": "name", "Categorie": "category", "Pret": "price",
        "TVA": "vatRate", "UM": "unit", "Stoc": "stock", "Cost": "costPrice", "Stare": "status", "Etichete": "tags",
    ]
    let header = "Cod,Denumire,Categorie,Pret,TVA,UM,Stoc,Cost,Stare,Etichete"

    func parse(_ text: String) -> (rows: [ProductImportRow], issues: [ProductImportIssue]) {
        var parser = ProductImportParser(mapping: mapping, vatRates: .romania, on: august2025)
        var rows: [ProductImportRow] = []
        var issues: [ProductImportIssue] = []
        for record in CSVReader.records(in: Array(text.utf8)) {
            switch parser.consume(record) {
            case .row(let row): rows.append(row)
            case .invalid(let found): issues += found
            case .header, .skipped: break
            }
        }
        return (rows, issues)
    }

    @Test func readsAValidRow_intoExactTypedValues() throws {
        let result = parse(header + "\nA-1,Șurub M8,Feronerie,\"12,50\",21,buc,100,9.1234,active,\"inox, m8\"\n")
        #expect(result.issues == [])
        let row = try #require(result.rows.first)
        #expect(row.line == 2)
        #expect(row.sku == "A-1")
        #expect(row.name == "Șurub M8")
        #expect(row.price == Decimal(string: "12.5"))
        #expect(row.vatRate == 21)
        #expect(row.costPrice == Decimal(string: "9.1234"))
        #expect(row.stock == 100)
        #expect(row.status == .active)
        #expect(row.tags == ["inox", "m8"])
        #expect(row.issuesForCreate() == [])
        #expect(row.valuesForCreate()?.currency == .ron)
    }

    @Test func reportsEachBadField_withItsLineFieldAndSeedCode() {
        let result = parse(header + "\nA-1,,Feronerie,12.5x,19,buc,-3,1.23456,sold,\n")
        let found = Set(result.issues.map { "\($0.row) \($0.field) \($0.code.rawValue)" })
        #expect(found == [
            "2 price VAL_INVALID_FORMAT",
            "2 vatRate VAL_OUT_OF_RANGE",
            "2 stock VAL_OUT_OF_RANGE",
            "2 costPrice VAL_INVALID_FORMAT",
            "2 status VAL_INVALID_ENUM",
        ])
        let vat = result.issues.first { $0.field == "vatRate" }
        #expect(vat?.message == "VAT rate 19 is not in force on 2025-08-15; allowed: 0, 9, 11, 21")
        #expect(result.rows.isEmpty)
    }

    @Test func requiresTheSeedsCreateFields_onlyForANewProduct() throws {
        let result = parse(header + "\nA-1,,,,,,5,,,\n")
        let row = try #require(result.rows.first)
        #expect(Set(row.issuesForCreate().map(\.field)) == ["name", "category", "price", "vatRate", "unit"])
        #expect(row.issuesForCreate().allSatisfy { $0.code == .requiredField && $0.row == 2 })
        #expect(row.valuesForCreate() == nil)
        // As an update it changes nothing: stock is not a product value (it moves through
        // AdjustStock), and every other cell is empty.
        let existing = ProductValues(name: "Old", category: "C", price: 1, vatRate: 21, unit: "buc")
        #expect(row.applied(to: existing) == existing)
    }

    @Test func anUpdateRowReplacesOnlyTheFieldsItHas() throws {
        let result = parse(header + "\nA-1,New name,,15,,,,,inactive,\n")
        let row = try #require(result.rows.first)
        let existing = ProductValues(name: "Old", category: "C", price: 1, vatRate: 21, unit: "buc")
        let updated = row.applied(to: existing)
        #expect(ProductValues.changedFields(from: existing, to: updated) == ["name", "price", "status"])
    }

    @Test func reportsAMissingSKU_aWrongColumnCount_andARepeatedSKU() {
        let result = parse(header + "\n,N,C,1,21,buc,1,,,\nA-1,N,C,1\nB-1,N,C,1,21,buc,1,,,\nB-1,N,C,1,21,buc,1,,,\n")
        let found = result.issues.map { "\($0.row) \($0.field) \($0.code.rawValue)" }
        #expect(found == ["2 sku VAL_REQUIRED_FIELD", "3  VAL_INVALID_FORMAT", "5 sku VAL_DUPLICATE"])
        #expect(result.issues.last?.message == "sku B-1 already appears on line 4")
    }

    @Test func refusesAMappingToUnknownFieldsOrMissingColumns_andSkipsTheRows() {
        var parser = ProductImportParser(mapping: ["Cod": "sku", "Nume": "name", "Pret": "pricee"], vatRates: .romania, on: august2025)
        let records = CSVReader.records(in: Array("Cod,Pret\nA,1\n".utf8))
        guard case .invalid(let issues) = parser.consume(records[0]) else { Issue.record("expected an invalid header"); return }
        #expect(issues.map(\.field) == ["mapping.Nume", "mapping.Pret"])
        #expect(issues.map(\.code) == [.referenceInvalid, .invalidEnum])
        #expect(issues[1].message.contains("allowed: sku, name"))
        #expect(parser.consume(records[1]) == .skipped)
    }

    @Test func requiresAColumnForSKU() {
        #expect(throws: ProductImportMapping.Invalid.self) {
            try ProductImportMapping(mapping: ["Nume": "name"], header: ["Nume"])
        }
    }

    @Test func tenThousandRows_reportEveryBadRowAtItsLine_andParseTheRest() {
        // Every 7th row has a multi-line quoted description, so physical lines drift from
        // record numbers; every 97th has a bad price, every 250th a 2025-invalid VAT rate,
        // every 333rd a non-integer stock.
        let columns = "sku,name,description,price,vatRate,unit,stock,category"
        let mapping = ["sku": "sku", "name": "name", "description": "description", "price": "price",
                       "vatRate": "vatRate", "unit": "unit", "stock": "stock", "category": "category"]
        var text = columns + "\r\n"
        var line = 2
        var expectedIssues: Set<String> = []
        var expectedGood = 0
        for index in 1...10_000 {
            let multiLine = index % 7 == 0
            let description = multiLine ? "\"Rând unu\r\nrând \"\"doi\"\"\r\nrând trei\"" : "Simplu"
            let badPrice = index % 97 == 0, badVat = index % 250 == 0, badStock = index % 333 == 0
            let price = badPrice ? "12.3.4" : "\(index).99"
            let vat = badVat ? "19" : (index % 2 == 0 ? "21" : "11")
            let stock = badStock ? "4.5" : "\(index % 50)"
            text += "SKU-\(index),Produs ș ț \(index),\(description),\(price),\(vat),buc,\(stock),Cat\r\n"
            if badPrice { expectedIssues.insert("\(line) price") }
            if badVat { expectedIssues.insert("\(line) vatRate") }
            if badStock { expectedIssues.insert("\(line) stock") }
            if !(badPrice || badVat || badStock) { expectedGood += 1 }
            line += multiLine ? 3 : 1
        }
        var parser = ProductImportParser(mapping: mapping, vatRates: .romania, on: august2025)
        var reader = CSVReader()
        var rows: [ProductImportRow] = []
        var issues: [ProductImportIssue] = []
        func drain() {
            while let record = reader.nextResult() {
                switch parser.consume(record) {
                case .row(let row): rows.append(row)
                case .invalid(let found): issues += found
                case .header, .skipped: break
                }
            }
        }
        let bytes = Array(text.utf8)
        // Stream in 64 KiB chunks, as an upload would arrive.
        for start in stride(from: 0, to: bytes.count, by: 65_536) {
            reader.append(bytes[start..<min(start + 65_536, bytes.count)])
            drain()
        }
        reader.finish()
        drain()
        #expect(parser.rowCount == 10_000)
        #expect(Set(issues.map { "\($0.row) \($0.field)" }) == expectedIssues)
        #expect(issues.count == expectedIssues.count)
        #expect(rows.count == expectedGood)
        #expect(rows.allSatisfy { $0.issuesForCreate().isEmpty })
        let row7 = rows.first { $0.sku == "SKU-7" }
        #expect(row7?.line == 8)
        #expect(row7?.description == "Rând unu\r\nrând \"doi\"\r\nrând trei")
        #expect(rows.first { $0.sku == "SKU-8" }?.line == 11)
    }
}
