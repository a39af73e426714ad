/// Map fields are encoded sorted by key, so equal maps encode to equal bytes whatever
/// their insertion order (protobuf leaves map order unspecified; our output is deterministic).
package enum ProtoMapOrder {
    /// The entries of `map` by ascending key.
    package static func sorted<Key: Comparable, Value>(_ map: [Key: Value]) -> [(key: Key, value: Value)] {
        map.sorted { $0.key < $1.key }
    }

    /// The entries of `map` with `false` before `true`.
    package static func sorted<Value>(_ map: [Bool: Value]) -> [(key: Bool, value: Value)] {
        map.sorted { !$0.key && $1.key }
    }
}
