/// Writes a ZIP archive (PKWARE APPNOTE 6.3) of stored, uncompressed entries: enough for
/// an Office Open XML package, and no compression library needed. Entries carry a fixed
/// time (1980-01-01 00:00, the format's epoch) so equal content gives equal bytes.
///
/// ```swift
/// var zip = ZipWriter()
/// try zip.add("hello.txt", Array("hi".utf8))
/// let bytes = zip.finish()
/// ```
public struct ZipWriter: Sendable {
    private struct Entry {
        let name: [UInt8]
        let crc: UInt32
        let size: UInt32
        let offset: UInt32
    }

    private var output: [UInt8] = []
    private var entries: [Entry] = []

    /// The most bytes a ZIP without the ZIP64 extension can describe.
    public static let maxSize = Int(UInt32.max)
    /// The most entries a ZIP without the ZIP64 extension can describe.
    public static let maxEntries = Int(UInt16.max)

    /// An empty archive.
    public init() {}

    /// Adds a file at `path` ('/'-separated, UTF-8) holding `bytes`.
    ///
    /// - Throws: VAL_OUT_OF_RANGE when the archive would pass 4 GiB or 65,535 entries.
    public mutating func add(_ path: String, _ bytes: [UInt8]) throws(CatalogError) {
        let name = Array(path.utf8)
        let projected = output.count + 30 + name.count + bytes.count
        guard entries.count < Self.maxEntries, name.count <= Int(UInt16.max), projected < Self.maxSize else {
            throw CatalogError(.outOfRange, "the export is too large for a ZIP archive")
        }
        let entry = Entry(name: name, crc: CRC32.checksum(bytes), size: UInt32(bytes.count), offset: UInt32(output.count))
        // Local file header.
        append32(0x0403_4B50)
        append16(10)           // version needed: 1.0, stored entries
        append16(0x0800)       // flags: bit 11, the name is UTF-8
        append16(0)            // method: stored
        append16(0)            // time 00:00:00
        append16(0x0021)       // date 1980-01-01: (0 << 9) | (1 << 5) | 1
        append32(entry.crc)
        append32(entry.size)   // compressed size
        append32(entry.size)   // uncompressed size
        append16(UInt16(name.count))
        append16(0)            // extra field length
        output.append(contentsOf: name)
        output.append(contentsOf: bytes)
        entries.append(entry)
    }

    /// The archive: the entries, then the central directory and its end record.
    public func finish() -> [UInt8] {
        var zip = self
        let directoryOffset = UInt32(zip.output.count)
        for entry in entries {
            zip.append32(0x0201_4B50)
            zip.append16(20)        // made by: MS-DOS attributes, spec 2.0
            zip.append16(10)        // version needed
            zip.append16(0x0800)    // flags: UTF-8 name
            zip.append16(0)         // method: stored
            zip.append16(0)         // time
            zip.append16(0x0021)    // date
            zip.append32(entry.crc)
            zip.append32(entry.size)
            zip.append32(entry.size)
            zip.append16(UInt16(entry.name.count))
            zip.append16(0)         // extra field length
            zip.append16(0)         // comment length
            zip.append16(0)         // disk number start
            zip.append16(0)         // internal attributes
            zip.append32(0)         // external attributes
            zip.append32(entry.offset)
            zip.output.append(contentsOf: entry.name)
        }
        let directorySize = UInt32(zip.output.count) - directoryOffset
        zip.append32(0x0605_4B50)
        zip.append16(0)             // this disk
        zip.append16(0)             // disk with the directory
        zip.append16(UInt16(entries.count))
        zip.append16(UInt16(entries.count))
        zip.append32(directorySize)
        zip.append32(directoryOffset)
        zip.append16(0)             // comment length
        return zip.output
    }

    private mutating func append16(_ value: UInt16) {
        output.append(UInt8(value & 0xFF))
        output.append(UInt8(value >> 8))
    }

    private mutating func append32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { output.append(UInt8((value >> UInt32(shift)) & 0xFF)) }
    }
}
