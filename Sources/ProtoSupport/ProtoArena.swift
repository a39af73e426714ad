import CProtobufC

/// Memory for one encode. The generated code builds a protobuf-c message whose strings,
/// byte buffers, arrays and submessages all come from here; `release()` frees them
/// together once the message is packed, so no C pointer outlives the encode.
///
/// Memory is carved from chunks with a bump pointer: one allocation per chunk rather
/// than one per string, and nothing to track per object.
package final class ProtoArena {
    private static let chunkSize = 4096
    private var chunks: [UnsafeMutableRawPointer] = []
    private var cursor: UnsafeMutableRawPointer?
    private var remaining = 0

    package init() {}

    deinit { release() }

    /// Frees everything allocated so far.
    package func release() {
        for chunk in chunks { chunk.deallocate() }
        chunks.removeAll()
        cursor = nil
        remaining = 0
    }

    /// Uninitialized memory for `count` values of `T`, aligned for `T`.
    package func allocate<T>(_ type: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let byteCount = MemoryLayout<T>.stride * max(count, 1)
        let alignment = MemoryLayout<T>.alignment
        if let cursor {
            let padding = (alignment - Int(bitPattern: cursor) % alignment) % alignment
            if padding + byteCount <= remaining {
                let start = cursor + padding
                self.cursor = start + byteCount
                remaining -= padding + byteCount
                return start.bindMemory(to: T.self, capacity: max(count, 1))
            }
        }
        // Large blocks get a chunk of their own so the current chunk keeps its space.
        if byteCount > Self.chunkSize / 4 {
            let block = UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: max(alignment, 16))
            chunks.append(block)
            return block.bindMemory(to: T.self, capacity: max(count, 1))
        }
        let chunk = UnsafeMutableRawPointer.allocate(byteCount: Self.chunkSize, alignment: 16)
        chunks.append(chunk)
        cursor = chunk + byteCount
        remaining = Self.chunkSize - byteCount
        return chunk.bindMemory(to: T.self, capacity: max(count, 1))
    }

    /// A C message of a generated type, initialized with its `*__init` and filled from `value`.
    package func message<M: ProtoCMessage>(_ value: M) -> UnsafeMutablePointer<M.CMessage> {
        let message = allocate(M.CMessage.self, count: 1)
        M.cInitialize(message)
        value.fillCMessage(message, arena: self)
        return message
    }

    /// A C message with no Swift type (a map entry), initialized with its generated
    /// `*__init` and then filled by `fill`.
    package func entry<C>(
        _ initialize: (UnsafeMutablePointer<C>) -> Void, fill: (UnsafeMutablePointer<C>) -> Void
    ) -> UnsafeMutablePointer<C> {
        let entry = allocate(C.self, count: 1)
        initialize(entry)
        fill(entry)
        return entry
    }

    /// A NUL-terminated copy of `value`. protobuf-c strings are C strings, so text
    /// after an embedded NUL is not sent.
    package func string(_ value: String) -> UnsafeMutablePointer<CChar> {
        var value = value
        return value.withUTF8 { utf8 in
            let text = allocate(CChar.self, count: utf8.count + 1)
            if let base = utf8.baseAddress {
                UnsafeMutableRawPointer(text).copyMemory(from: base, byteCount: utf8.count)
            }
            text[utf8.count] = 0
            return text
        }
    }

    /// A copy of `value` as protobuf-c bytes.
    package func bytes(_ value: [UInt8]) -> ProtobufCBinaryData {
        guard !value.isEmpty else { return ProtobufCBinaryData(len: 0, data: nil) }
        let data = allocate(UInt8.self, count: value.count)
        value.withUnsafeBufferPointer { data.initialize(from: $0.baseAddress!, count: value.count) }
        return ProtobufCBinaryData(len: value.count, data: data)
    }

    /// A C array holding `values`, or nil when there are none.
    package func array<T>(_ values: [T]) -> UnsafeMutablePointer<T>? {
        guard !values.isEmpty else { return nil }
        let array = allocate(T.self, count: values.count)
        values.withUnsafeBufferPointer { array.initialize(from: $0.baseAddress!, count: values.count) }
        return array
    }

    /// A C array holding `transform` of each of `values`, or nil when there are none.
    package func array<S, T>(_ values: some Collection<S>, _ transform: (S) -> T) -> UnsafeMutablePointer<T>? {
        guard !values.isEmpty else { return nil }
        let array = allocate(T.self, count: values.count)
        for (index, value) in values.enumerated() {
            (array + index).initialize(to: transform(value))
        }
        return array
    }
}
