/// An RFC 4180 CSV reader that takes bytes in chunks of any size and hands out records as
/// they complete, so a large upload never needs to be one `String`.
///
/// Accepts quoted fields with `""` escapes and line breaks inside, CRLF, LF or lone CR line
/// ends, a UTF-8 byte-order mark at the start, and a last record without a line end.
/// Skips blank lines. Each byte is looked at once.
///
/// ```swift
/// var reader = CSVReader()
/// for chunk in chunks {
///     reader.append(chunk)
///     while let record = try reader.next() { ... }   // a bad record throws; the next call goes on
/// }
/// reader.finish()
/// while let record = try reader.next() { ... }
/// ```
public struct CSVReader: Sendable {
    private enum State: Sendable {
        /// At the start of a field.
        case fieldStart
        /// Inside an unquoted field.
        case unquoted
        /// Inside a quoted field.
        case quoted
        /// After a quote inside a quoted field: an escape or the closing quote.
        case quoteInQuoted
        /// After a CR that ended a record: swallow one LF.
        case afterCR
        /// Skipping the rest of a malformed record's line.
        case skipping
    }

    private let delimiter: UInt8
    private var state = State.fieldStart
    private var field: [UInt8] = []
    private var fields: [String] = []
    private var recordLine = 1
    private var line = 1
    private var previousWasCR = false
    private var recordHasContent = false
    private var pendingBOM: [UInt8] = []
    private var atStreamStart = true
    private var finished = false
    private var invalidUTF8 = false
    private var ready: [Result<CSVRecord, CSVReadError>] = []
    private var readIndex = 0

    private static let quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
    private static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// A reader of fields separated by `delimiter`: ',' by RFC 4180; ';' reads what
    /// spreadsheets write in locales with a decimal comma, Romanian among them.
    public init(delimiter: UInt8 = UInt8(ascii: ",")) {
        precondition(delimiter != Self.quote && delimiter != Self.lf && delimiter != Self.cr, "invalid CSV delimiter")
        self.delimiter = delimiter
    }

    /// Every record of `bytes`, bad ones as failures, in file order.
    public static func records(in bytes: some Sequence<UInt8>, delimiter: UInt8 = UInt8(ascii: ",")) -> [Result<CSVRecord, CSVReadError>] {
        var reader = CSVReader(delimiter: delimiter)
        reader.append(bytes)
        reader.finish()
        var results: [Result<CSVRecord, CSVReadError>] = []
        while let result = reader.nextResult() { results.append(result) }
        return results
    }

    /// Reads `bytes`, the next part of the file.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        precondition(!finished, "CSVReader.append after finish")
        for byte in bytes {
            if atStreamStart {
                // The byte-order mark may arrive split across chunks: hold its prefix.
                pendingBOM.append(byte)
                if pendingBOM == Self.bom {
                    pendingBOM = []
                    atStreamStart = false
                } else if !Self.bom.starts(with: pendingBOM) {
                    atStreamStart = false
                    let held = pendingBOM
                    pendingBOM = []
                    for heldByte in held { consume(heldByte) }
                }
                continue
            }
            consume(byte)
        }
    }

    /// Marks the end of the file: completes a last record without a line end.
    public mutating func finish() {
        guard !finished else { return }
        if atStreamStart {
            atStreamStart = false
            let held = pendingBOM
            pendingBOM = []
            for byte in held { consume(byte) }
        }
        finished = true
        switch state {
        case .quoted:
            fail("unterminated quoted field")
        case .fieldStart, .unquoted, .quoteInQuoted:
            endRecord()
        case .afterCR, .skipping:
            break
        }
        state = .fieldStart
    }

    /// The next complete record; nil when more bytes (or `finish()`) are needed, or at the
    /// end. Throws for a malformed record; the call after that continues with the next one.
    public mutating func next() throws(CSVReadError) -> CSVRecord? {
        guard let result = nextResult() else { return nil }
        return try result.get()
    }

    /// `next()` as a `Result`.
    public mutating func nextResult() -> Result<CSVRecord, CSVReadError>? {
        guard readIndex < ready.count else { return nil }
        let result = ready[readIndex]
        readIndex += 1
        if readIndex == ready.count {
            ready.removeAll(keepingCapacity: true)
            readIndex = 0
        }
        return result
    }

    // MARK: The state machine

    /// Steps the machine, then counts the byte if it ends a physical line: LF does, and CR
    /// does unless an LF follows (so CR LF counts once). Counting after the step lets a
    /// record note the line of its first byte.
    private mutating func consume(_ byte: UInt8) {
        step(byte)
        if byte == Self.lf {
            if !previousWasCR { line += 1 }
        } else if byte == Self.cr {
            line += 1
        }
        previousWasCR = byte == Self.cr
    }

    private mutating func step(_ byte: UInt8) {
        switch state {
        case .afterCR:
            state = .fieldStart
            if byte == Self.lf { return }
            step(byte)
        case .skipping:
            if byte == Self.lf || byte == Self.cr {
                state = byte == Self.cr ? .afterCR : .fieldStart
            }
        case .fieldStart:
            if !recordHasContent { recordLine = line }
            if byte == Self.quote {
                recordHasContent = true
                state = .quoted
            } else {
                state = .unquoted
                step(byte)
            }
        case .unquoted:
            switch byte {
            case delimiter:
                recordHasContent = true
                endField()
                state = .fieldStart
            case Self.lf, Self.cr:
                endRecord()
                state = byte == Self.cr ? .afterCR : .fieldStart
            case Self.quote:
                fail("a quote inside an unquoted field (quote the whole field and double the quote)")
            default:
                recordHasContent = true
                field.append(byte)
            }
        case .quoted:
            if byte == Self.quote {
                state = .quoteInQuoted
            } else {
                field.append(byte)
            }
        case .quoteInQuoted:
            switch byte {
            case Self.quote:
                field.append(byte)
                state = .quoted
            case delimiter:
                endField()
                state = .fieldStart
            case Self.lf, Self.cr:
                endRecord()
                state = byte == Self.cr ? .afterCR : .fieldStart
            default:
                fail("text after the closing quote of a field")
            }
        }
    }

    private mutating func endField() {
        if let text = String(validating: field, as: UTF8.self) {
            fields.append(text)
        } else {
            invalidUTF8 = true
            fields.append(String(decoding: field, as: UTF8.self))
        }
        field.removeAll(keepingCapacity: true)
    }

    private mutating func endRecord() {
        defer {
            fields = []
            recordHasContent = false
            invalidUTF8 = false
        }
        guard recordHasContent || !field.isEmpty else { return }  // a blank line
        endField()
        if invalidUTF8 {
            ready.append(.failure(CSVReadError(line: recordLine, message: "the record is not valid UTF-8")))
        } else {
            ready.append(.success(CSVRecord(fields: fields, line: recordLine)))
        }
    }

    private mutating func fail(_ message: String) {
        ready.append(.failure(CSVReadError(line: recordLine, message: message)))
        field.removeAll(keepingCapacity: true)
        fields = []
        recordHasContent = false
        invalidUTF8 = false
        state = .skipping
    }
}
