import CatalogService
import Testing

@Suite struct CSVReaderTests {
    func read(_ text: String, delimiter: Character = ",") -> [Result<CSVRecord, CSVReadError>] {
        CSVReader.records(in: Array(text.utf8), delimiter: delimiter.asciiValue!)
    }

    func records(_ text: String) throws -> [CSVRecord] {
        try read(text).map { try $0.get() }
    }

    @Test func readsPlainFields_withCRLFOrLFLineEnds() throws {
        let expected = [CSVRecord(fields: ["a", "b"], line: 1), CSVRecord(fields: ["1", "2"], line: 2)]
        #expect(try records("a,b\r\n1,2\r\n") == expected)
        #expect(try records("a,b\n1,2\n") == expected)
        #expect(try records("a,b\r1,2") == expected)
    }

    @Test func readsTheLastRecord_withoutALineEnd() throws {
        #expect(try records("a,b\n1,2") == [CSVRecord(fields: ["a", "b"], line: 1), CSVRecord(fields: ["1", "2"], line: 2)])
    }

    @Test func unquotesFields_andUndoublesEscapedQuotes() throws {
        #expect(try records(#""a,b","say ""hi""",""\#n"#) == [CSVRecord(fields: ["a,b", #"say "hi""#, ""], line: 1)])
    }

    @Test func keepsLineBreaksInsideQuotes_andNumbersRecordsByTheLineTheyStartOn() throws {
        let text = "sku,description\r\nA,\"line one\r\nline two\nline three\"\r\nB,plain\r\n"
        #expect(try records(text) == [
            CSVRecord(fields: ["sku", "description"], line: 1),
            CSVRecord(fields: ["A", "line one\r\nline two\nline three"], line: 2),
            CSVRecord(fields: ["B", "plain"], line: 5),
        ])
    }

    @Test func skipsAByteOrderMark_evenSplitAcrossChunks() throws {
        var reader = CSVReader()
        reader.append([0xEF])
        reader.append([0xBB])
        reader.append([0xBF] + Array("sku\nA\n".utf8))
        reader.finish()
        #expect(try reader.next() == CSVRecord(fields: ["sku"], line: 1))
        #expect(try reader.next() == CSVRecord(fields: ["A"], line: 2))
        #expect(try reader.next() == nil)
    }

    @Test func keepsBytesThatOnlyLookLikeTheStartOfAByteOrderMark() throws {
        #expect(try records("\u{EF}x") == [CSVRecord(fields: ["\u{EF}x"], line: 1)])
    }

    @Test func givesTheSameRecords_whateverTheChunkSize() throws {
        let text = "\u{FEFF}sku,name\r\nA-1,\"Șurub \"\"M8\"\"\r\ninox\"\r\n\r\nA-2,Țeavă\n"
        let whole = try records(text)
        for size in [1, 2, 3, 5, 7] {
            var reader = CSVReader()
            var got: [CSVRecord] = []
            let bytes = Array(text.utf8)
            for start in stride(from: 0, to: bytes.count, by: size) {
                reader.append(bytes[start..<min(start + size, bytes.count)])
                while let record = try reader.next() { got.append(record) }
            }
            reader.finish()
            while let record = try reader.next() { got.append(record) }
            #expect(got == whole, "chunk size \(size)")
        }
        #expect(whole.map(\.line) == [1, 2, 5])
    }

    @Test func skipsBlankLines_butCountsThem() throws {
        #expect(try records("a\n\n\r\nb\n") == [CSVRecord(fields: ["a"], line: 1), CSVRecord(fields: ["b"], line: 4)])
    }

    @Test func keepsEmptyFields_includingATrailingOne() throws {
        #expect(try records(",a,\n") == [CSVRecord(fields: ["", "a", ""], line: 1)])
    }

    @Test func reportsTextAfterAClosingQuote_andGoesOnWithTheNextLine() {
        let results = read("a,b\n\"x\"y,2\nc,d\n")
        #expect(results.count == 3)
        #expect((try? results[0].get()) == CSVRecord(fields: ["a", "b"], line: 1))
        #expect(results[1] == .failure(CSVReadError(line: 2, message: "text after the closing quote of a field")))
        #expect((try? results[2].get()) == CSVRecord(fields: ["c", "d"], line: 3))
    }

    @Test func reportsAQuoteInsideAnUnquotedField() {
        let results = read("ab\"c,d\nok\n")
        guard case .failure(let error) = results.first else { Issue.record("expected a failure"); return }
        #expect(error.line == 1)
        #expect((try? results.last?.get()) == CSVRecord(fields: ["ok"], line: 2))
    }

    @Test func reportsAnUnterminatedQuote_atTheLineItStarted() {
        let results = read("a\n\"open\nstill open\n")
        #expect(results.last == .failure(CSVReadError(line: 2, message: "unterminated quoted field")))
    }

    @Test func reportsInvalidUTF8_asABadRecord() {
        let results = CSVReader.records(in: Array("a\n".utf8) + [0xFF, 0x0A] + Array("b\n".utf8))
        #expect(results.count == 3)
        #expect(results[1] == .failure(CSVReadError(line: 2, message: "the record is not valid UTF-8")))
    }

    @Test func readsSemicolonSeparatedFiles_asRomanianSpreadsheetsWriteThem() throws {
        let results = read("sku;price\nA;12,50\n", delimiter: ";")
        #expect(try results.map { try $0.get().fields } == [["sku", "price"], ["A", "12,50"]])
    }
}
