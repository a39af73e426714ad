/// Heap storage for a message field whose type contains, directly or through other
/// singular fields, the message itself (`message Tree { Tree left = 1; }`). A Swift
/// struct cannot hold itself inline, so generated code keeps such fields boxed behind
/// a computed property. Immutable: a set replaces the box, so value semantics hold.
package final class ProtoBox<Value: Hashable & Sendable>: Hashable, Sendable {
    package let value: Value

    package init(_ value: Value) { self.value = value }

    package static func == (lhs: ProtoBox, rhs: ProtoBox) -> Bool { lhs === rhs || lhs.value == rhs.value }

    package func hash(into hasher: inout Hasher) { hasher.combine(value) }
}
