import Foundation

/// Received bytes awaiting decoding: one contiguous region that is compacted and
/// grown in place, so a whole frame can be viewed without copying.
struct InboundBuffer: ~Copyable {
    private var storage: UnsafeMutableRawPointer
    private(set) var capacity: Int
    private var start = 0
    private var end = 0

    init(capacity: Int = 64 * 1024) {
        self.capacity = capacity
        storage = .allocate(byteCount: capacity, alignment: 16)
    }

    deinit { storage.deallocate() }

    var readable: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: storage + start, count: end - start) }
    var count: Int { end - start }

    /// Room for at least `minimum` more bytes at the end, compacting or growing as needed.
    mutating func writableSpace(minimum: Int) -> UnsafeMutableRawBufferPointer {
        if capacity - end < minimum {
            if start > 0 {
                (storage).copyMemory(from: storage + start, byteCount: end - start)
                end -= start
                start = 0
            }
            if capacity - end < minimum {
                let newCapacity = max(capacity * 2, end + minimum)
                let grown = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
                grown.copyMemory(from: storage, byteCount: end)
                storage.deallocate()
                storage = grown
                capacity = newCapacity
            }
        }
        return UnsafeMutableRawBufferPointer(start: storage + end, count: capacity - end)
    }

    mutating func didWrite(_ count: Int) { end += count }

    mutating func consume(_ count: Int) {
        start += count
        if start == end {
            start = 0
            end = 0
        }
    }
}
