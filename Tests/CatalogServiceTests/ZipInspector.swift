@testable import CatalogService

/// Reads a ZIP archive's central directory the way an unzipper does, checking every
/// signature, size and CRC: the test's independent view of what `ZipWriter` wrote.
struct ZipInspector {
    struct Entry: Equatable {
        var name: String
        var contents: [UInt8]
    }

    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    let entries: [Entry]

    init(_ bytes: [UInt8]) throws {
        func u16(_ at: Int) throws -> Int {
            guard at + 2 <= bytes.count else { throw Malformed(description: "read past the end at \(at)") }
            return Int(bytes[at]) | Int(bytes[at + 1]) << 8
        }
        func u32(_ at: Int) throws -> Int {
            guard at + 4 <= bytes.count else { throw Malformed(description: "read past the end at \(at)") }
            return Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
        }
        // The end-of-central-directory record: 22 bytes, at the very end when there is no comment.
        let end = bytes.count - 22
        guard end >= 0, try u32(end) == 0x0605_4B50 else { throw Malformed(description: "no end of central directory record") }
        let count = try u16(end + 10)
        guard try u16(end + 8) == count else { throw Malformed(description: "entry counts differ") }
        let directorySize = try u32(end + 12), directoryOffset = try u32(end + 16)
        guard directoryOffset + directorySize == end else { throw Malformed(description: "the directory does not end at its end record") }
        var entries: [Entry] = []
        var at = directoryOffset
        for _ in 0..<count {
            guard try u32(at) == 0x0201_4B50 else { throw Malformed(description: "bad central header signature at \(at)") }
            guard try u16(at + 10) == 0 else { throw Malformed(description: "entry is not stored") }
            let crc = try u32(at + 16), compressed = try u32(at + 20), size = try u32(at + 24)
            let nameLength = try u16(at + 28), extra = try u16(at + 30), comment = try u16(at + 32)
            let local = try u32(at + 42)
            let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            guard compressed == size else { throw Malformed(description: "\(name): stored sizes differ") }
            // The local header must agree with the central one.
            guard try u32(local) == 0x0403_4B50 else { throw Malformed(description: "\(name): bad local header signature") }
            guard try u32(local + 14) == crc, try u32(local + 18) == compressed, try u32(local + 22) == size,
                  try u16(local + 26) == nameLength else { throw Malformed(description: "\(name): local header disagrees") }
            let dataStart = local + 30 + nameLength + (try u16(local + 28))
            guard dataStart + size <= directoryOffset else { throw Malformed(description: "\(name): data overruns") }
            let contents = Array(bytes[dataStart..<(dataStart + size)])
            guard CRC32.checksum(contents) == UInt32(crc) else { throw Malformed(description: "\(name): CRC mismatch") }
            entries.append(Entry(name: name, contents: contents))
            at += 46 + nameLength + extra + comment
        }
        guard at == end else { throw Malformed(description: "directory size does not match its entries") }
        self.entries = entries
    }

    func text(_ name: String) -> String? {
        entries.first { $0.name == name }.map { String(decoding: $0.contents, as: UTF8.self) }
    }
}
