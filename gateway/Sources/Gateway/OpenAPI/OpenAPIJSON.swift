import ProtoJSON

/// Builders for the OpenAPI document's JSON, so each schema reads close to the JSON it becomes.
extension JSONValue {
    /// `{"$ref": "#/components/schemas/<name>"}`.
    static func schemaRef(_ name: String) -> JSONValue {
        .object([.init("$ref", .string("#/components/schemas/\(name)"))])
    }

    /// `{"$ref": "#/components/<section>/<name>"}` for shared responses and headers.
    static func componentRef(_ section: String, _ name: String) -> JSONValue {
        .object([.init("$ref", .string("#/components/\(section)/\(name)"))])
    }

    static func strings(_ values: [String]) -> JSONValue { .array(values.map { .string($0) }) }

    /// This object with `key` set to `value` (replaced in place if present, else appended);
    /// anything that is not an object is returned unchanged.
    func setting(_ key: String, _ value: JSONValue) -> JSONValue {
        guard case .object(var members) = self else { return self }
        if let index = members.firstIndex(where: { $0.key == key }) {
            members[index].value = value
        } else {
            members.append(.init(key, value))
        }
        return .object(members)
    }
}
