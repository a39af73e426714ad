import Foundation

/// Runs `body` with `strings` as a NULL-terminated array of C strings, freed afterwards.
func withCStringArray<Result>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) throws -> Result) rethrows -> Result {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    return try body(copies.map { UnsafePointer($0) } + [nil])
}

/// Parameter values laid out as PQexecPrepared wants them: one pointer, length and format
/// per parameter. Text values are NUL-terminated (libpq reads them with strlen); binary
/// values are sent with their length.
struct ParameterBuffers: ~Copyable {
    private var pointers: [UnsafeMutablePointer<CChar>?] = []
    private(set) var lengths: [Int32] = []
    private(set) var formats: [Int32] = []

    init(_ values: [PGParameterValue]) {
        for value in values {
            switch value {
            case .null:
                pointers.append(nil)
                lengths.append(0)
                formats.append(0)
            case .text(let text):
                pointers.append(strdup(text))
                lengths.append(Int32(clamping: text.utf8.count))
                formats.append(0)
            case .binary(let bytes):
                let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: max(1, bytes.count))
                bytes.withUnsafeBytes { raw in
                    if let base = raw.baseAddress { UnsafeMutableRawPointer(buffer).copyMemory(from: base, byteCount: raw.count) }
                }
                pointers.append(buffer)
                lengths.append(Int32(clamping: bytes.count))
                formats.append(1)
            }
        }
    }

    deinit {
        for (pointer, format) in zip(pointers, formats) {
            guard let pointer else { continue }
            if format == 0 { free(pointer) } else { pointer.deallocate() }
        }
    }

    var values: [UnsafePointer<CChar>?] { pointers.map { UnsafePointer($0) } }
}
