import CProtobufC
import RPCCore

/// Packs and unpacks generated messages with protobuf-c, the platform's wire codec (DESIGN D1).
package enum ProtoCodec {
    /// Appends `message`, packed by `protobuf_c_message_pack`, to `output`.
    package static func encode<M: ProtoCMessage>(_ message: M, into output: inout [UInt8]) {
        let arena = ProtoArena()
        defer { arena.release() }
        let cMessage = arena.message(message)
        // Every generated struct starts with `ProtobufCMessage base`, so the pointer is also one to the base.
        let base = UnsafeMutableRawPointer(cMessage).assumingMemoryBound(to: ProtobufCMessage.self)
        let size = protobuf_c_message_get_packed_size(base)
        guard size > 0 else { return }
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: size))
        output.withUnsafeMutableBufferPointer { buffer in
            _ = protobuf_c_message_pack(base, buffer.baseAddress! + start)
        }
    }

    /// Unpacks `bytes` with `protobuf_c_message_unpack` (default allocator), converts the
    /// result and frees it. Throws `RPCError(.invalidArgument, "malformed <protoName>")`
    /// when protobuf-c rejects the bytes.
    package static func decode<M: ProtoCMessage>(_ type: M.Type, from bytes: UnsafeRawBufferPointer) throws -> M {
        let data = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
        guard let unpacked = protobuf_c_message_unpack(descriptor(of: M.self), nil, bytes.count, data) else {
            throw RPCError(.invalidArgument, "malformed \(M.protoName)")
        }
        defer { protobuf_c_message_free_unpacked(unpacked, nil) }
        return M(cMessage: UnsafeRawPointer(unpacked).assumingMemoryBound(to: M.CMessage.self))
    }

    /// The `ProtobufCMessageDescriptor` of `M`. The generated `*__descriptor` globals are
    /// `const`, and Swift hands out the address of a copy for a constant; the `*__init`
    /// function stores the real address in `base.descriptor`, so read it from there.
    package static func descriptor<M: ProtoCMessage>(of type: M.Type) -> UnsafePointer<ProtobufCMessageDescriptor> {
        withUnsafeTemporaryAllocation(of: M.CMessage.self, capacity: 1) { buffer in
            M.cInitialize(buffer.baseAddress!)
            return UnsafeRawPointer(buffer.baseAddress!).load(as: ProtobufCMessage.self).descriptor
        }
    }
}
