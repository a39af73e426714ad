@testable import CatalogService
import Foundation
import Testing

@Suite struct ExportWriterTests {
    let table = ExportTable(columns: ["sku", "name", "price", "stock", "active", "subcategory"], rows: [
        [.text("A-1"), .text("Șurub \"M8\", inox"), .number(Decimal(string: "12.50")!), .integer(100), .bool(true), .empty],
        [.text("=HYPERLINK(\"x\")"), .text("două\nrânduri"), .number(Decimal(string: "0.1")!), .integer(-3), .bool(false), .text(" spaced ")],
    ])

    @Test func crc32MatchesTheStandardCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
        var split = CRC32()
        split.update(Array("12345".utf8))
        split.update(Array("6789".utf8))
        #expect(split.value == 0xCBF4_3926)
    }

    @Test func csvHasABOM_CRLF_quotesWhereNeeded_andNeutralizesFormulas() {
        let bytes = CSVWriter.write(table)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text == "sku,name,price,stock,active,subcategory\r\n"
            + "A-1,\"Șurub \"\"M8\"\", inox\",12.5,100,true,\r\n"
            + "\"'=HYPERLINK(\"\"x\"\")\",\"două\nrânduri\",0.1,-3,false,\" spaced \"\r\n")
    }

    @Test func csvOutputReadsBackThroughTheReader() throws {
        let records = try CSVReader.records(in: CSVWriter.write(table)).map { try $0.get() }
        #expect(records.map(\.fields) == [
            table.columns,
            ["A-1", "Șurub \"M8\", inox", "12.5", "100", "true", ""],
            ["'=HYPERLINK(\"x\")", "două\nrânduri", "0.1", "-3", "false", " spaced "],
        ])
        #expect(records.map(\.line) == [1, 2, 3])
    }

    @Test func jsonIsAnArrayOfObjects_withExactNumbers() throws {
        let bytes = JSONExportWriter.write(table)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains(#""price":12.5,"stock":100,"active":true,"subcategory":null"#))
        #expect(text.contains(#""name":"două\nrânduri""#))
        let parsed = try JSONSerialization.jsonObject(with: Data(bytes)) as? [[String: Any]]
        #expect(parsed?.count == 2)
        #expect(parsed?.first?["name"] as? String == "Șurub \"M8\", inox")
        #expect(String(decoding: JSONExportWriter.write(ExportTable(columns: ["a"])), as: UTF8.self) == "[]\n")
    }

    @Test func jsonEscapesControlCharacters() {
        #expect(JSONExportWriter.quoted("a\u{01}b\u{2028}") == #""a\u0001b\u2028""#)
    }

    @Test func xlsxIsAZipWhoseDirectory_signatures_sizesAndCRCsCheckOut() throws {
        let bytes = try XLSXWriter.write(table)
        let zip = try ZipInspector(bytes)
        #expect(zip.entries.map(\.name) == XLSXWriter.partNames)
        #expect(Array(bytes.prefix(4)) == [0x50, 0x4B, 0x03, 0x04])
    }

    @Test func xlsxPartsDeclareTheWorkbookAndSheet() throws {
        let zip = try ZipInspector(try XLSXWriter.write(table))
        let types = try #require(zip.text("[Content_Types].xml"))
        #expect(types.contains(#"PartName="/xl/workbook.xml""#))
        #expect(types.contains(#"PartName="/xl/worksheets/sheet1.xml""#))
        #expect(zip.text("_rels/.rels")?.contains(#"Target="xl/workbook.xml""#) == true)
        #expect(zip.text("xl/_rels/workbook.xml.rels")?.contains(#"Target="worksheets/sheet1.xml""#) == true)
        #expect(zip.text("xl/workbook.xml")?.contains(#"<sheet name="Products" sheetId="1" r:id="rId1"/>"#) == true)
    }

    @Test func xlsxSheetHasInlineStrings_numbers_booleans_andEscapedText() throws {
        let zip = try ZipInspector(try XLSXWriter.write(table))
        let sheet = try #require(zip.text("xl/worksheets/sheet1.xml"))
        #expect(sheet.contains(#"<row r="1"><c r="A1" t="inlineStr"><is><t>sku</t></is></c>"#))
        #expect(sheet.contains(#"<c r="B2" t="inlineStr"><is><t>Șurub &quot;M8&quot;, inox</t></is></c>"#))
        #expect(sheet.contains(#"<c r="C2"><v>12.5</v></c><c r="D2"><v>100</v></c><c r="E2" t="b"><v>1</v></c></row>"#))
        #expect(sheet.contains(#"<c r="F3" t="inlineStr"><is><t xml:space="preserve"> spaced </t></is></c>"#))
        #expect(!sheet.contains("F2"))  // empty cells are left out
    }

    @Test func xlsxDropsCharactersXMLForbids() throws {
        let zip = try ZipInspector(try XLSXWriter.write(ExportTable(columns: ["n"], rows: [[.text("a\u{01}b<c")]])))
        #expect(zip.text("xl/worksheets/sheet1.xml")?.contains("<t>ab&lt;c</t>") == true)
    }

    @Test func xlsxIsTheSameBytes_forTheSameTable() throws {
        #expect(try XLSXWriter.write(table) == XLSXWriter.write(table))
    }

    @Test func columnNamesRunAToZ_thenAA() {
        #expect(XLSXWriter.columnName(0) == "A")
        #expect(XLSXWriter.columnName(25) == "Z")
        #expect(XLSXWriter.columnName(26) == "AA")
        #expect(XLSXWriter.columnName(701) == "ZZ")
        #expect(XLSXWriter.columnName(702) == "AAA")
    }

    @Test func zipWithUTF8NamesAndEmptyEntries_parses() throws {
        var zip = ZipWriter()
        try zip.add("empty", [])
        try zip.add("dir/ș.txt", Array("ț".utf8))
        let inspector = try ZipInspector(zip.finish())
        #expect(inspector.entries == [.init(name: "empty", contents: []), .init(name: "dir/ș.txt", contents: Array("ț".utf8))])
    }
}
