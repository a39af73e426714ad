import Foundation

/// Writes an `ExportTable` as a minimal Office Open XML workbook (ECMA-376): one sheet
/// named "Products", text as inline strings (no shared-string table), numbers as numbers,
/// in a ZIP of stored entries. The header row is the column names.
public enum XLSXWriter {
    /// The media type of the output.
    public static let contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    /// The parts of the package, in the order they are written.
    public static let partNames = [
        "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml",
    ]

    /// The workbook's bytes.
    ///
    /// - Throws: VAL_OUT_OF_RANGE past the ZIP limits (4 GiB) or a sheet's 1,048,576 rows.
    public static func write(_ table: ExportTable, sheetName: String = "Products") throws(CatalogError) -> [UInt8] {
        guard table.rows.count < 1_048_576, table.columns.count <= 16_384 else {
            throw CatalogError(.outOfRange, "the export has more rows or columns than a worksheet holds")
        }
        var zip = ZipWriter()
        try zip.add(partNames[0], Array(contentTypes.utf8))
        try zip.add(partNames[1], Array(packageRelationships.utf8))
        try zip.add(partNames[2], Array(workbook(sheetName: sheetName).utf8))
        try zip.add(partNames[3], Array(workbookRelationships.utf8))
        try zip.add(partNames[4], sheet(table))
        return zip.finish()
    }

    /// "A" for column 0, "Z" for 25, "AA" for 26.
    public static func columnName(_ index: Int) -> String {
        var name = ""
        var rest = index + 1
        while rest > 0 {
            let digit = (rest - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + digit))) + name
            rest = (rest - 1) / 26
        }
        return name
    }

    // MARK: Parts

    private static let header = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"

    private static let contentTypes = header
        + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
        + #"<Default Extension="xml" ContentType="application/xml"/>"#
        + #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
        + #"<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        + "</Types>"

    private static let packageRelationships = header
        + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#
        + "</Relationships>"

    private static let workbookRelationships = header
        + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>"#
        + "</Relationships>"

    private static func workbook(sheetName: String) -> String {
        // Excel refuses sheet names over 31 characters or with any of : \ / ? * [ ].
        let name = String(sheetName.filter { !":\\/?*[]".contains($0) }.prefix(31))
        return header
            + #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
            + #"<sheets><sheet name=""# + XMLText.escaped(name.isEmpty ? "Sheet1" : name) + #"" sheetId="1" r:id="rId1"/></sheets>"#
            + "</workbook>"
    }

    private static func sheet(_ table: ExportTable) -> [UInt8] {
        var xml = header + #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
        let columnNames = table.columns.indices.map(columnName)
        func row(_ number: Int, _ cells: [ExportTable.Value]) {
            xml += #"<row r=""# + String(number) + #"">"#
            for (index, value) in cells.enumerated() {
                let reference = columnNames[index] + String(number)
                switch value {
                case .empty:
                    continue
                case .text(let text):
                    let space = text.first?.isWhitespace == true || text.last?.isWhitespace == true ? #" xml:space="preserve""# : ""
                    xml += #"<c r=""# + reference + #"" t="inlineStr"><is><t"# + space + ">" + XMLText.escaped(text) + "</t></is></c>"
                case .number(let number):
                    xml += #"<c r=""# + reference + #""><v>"# + DecimalText.format(number) + "</v></c>"
                case .integer(let integer):
                    xml += #"<c r=""# + reference + #""><v>"# + String(integer) + "</v></c>"
                case .bool(let bool):
                    xml += #"<c r=""# + reference + #"" t="b"><v>"# + (bool ? "1" : "0") + "</v></c>"
                }
            }
            xml += "</row>"
        }
        row(1, table.columns.map { .text($0) })
        for (index, cells) in table.rows.enumerated() {
            row(index + 2, cells)
        }
        xml += "</sheetData></worksheet>"
        return Array(xml.utf8)
    }
}
