import RPCCore

/// A generated message that converts to and from its protobuf-c struct. Generated code
/// conforms every message; `ProtoCodec` packs and unpacks through it.
///
/// Call order: `ProtoArena.message(_:)` calls `cInitialize` and then `fillCMessage`;
/// `ProtoCodec.decode` calls `init(cMessage:)` on what `protobuf_c_message_unpack` returned.
package protocol ProtoCMessage: ProtoMessage {
    /// The protobuf-c struct (`Cerniq__Testing__V1__EchoRequest`).
    associatedtype CMessage

    /// Calls the generated `*__init` function (the `*__INIT` macros do not import into Swift).
    static func cInitialize(_ message: UnsafeMutablePointer<CMessage>)

    /// Copies an unpacked C message into Swift values. Unknown enum numbers become the zero case.
    init(cMessage: UnsafePointer<CMessage>)

    /// Writes this message into an initialized C message; every pointer it stores comes from `arena`.
    func fillCMessage(_ message: UnsafeMutablePointer<CMessage>, arena: ProtoArena)
}
