import RPCCore

/// A `SchemaRegistry` indexed for transcoding: fields by number and by name, enum values
/// by spelling, built once per transcoder so each message costs dictionary lookups only.
final class CompiledSchema: Sendable {
    let messages: [String: CompiledMessage]
    let enums: [String: CompiledEnum]

    init(_ registry: SchemaRegistry) {
        messages = registry.messages.mapValues(CompiledMessage.init)
        enums = registry.enums.mapValues(CompiledEnum.init)
    }
}

final class CompiledMessage: Sendable {
    let name: String
    let isMapEntry: Bool
    /// Written as the value of its set oneof member (`@json-value`).
    let isJSONValue: Bool
    /// In declaration order: the order JSON output uses.
    let fields: [FieldSchema]
    /// Indexes into `fields` in field-number order: the order the wire encoding uses.
    let encodingOrder: [Int]
    let indexByNumber: [Int32: Int]
    /// By JSON name and by proto name.
    let indexByName: [String: Int]

    init(_ schema: MessageSchema) {
        name = schema.name
        isMapEntry = schema.isMapEntry
        isJSONValue = schema.isJSONValue
        fields = schema.fields
        encodingOrder = schema.fields.indices.sorted { schema.fields[$0].number < schema.fields[$1].number }
        var byNumber: [Int32: Int] = [:]
        var byName: [String: Int] = [:]
        for (index, field) in schema.fields.enumerated() {
            byNumber[field.number] = byNumber[field.number] ?? index
            byName[field.name] = byName[field.name] ?? index
        }
        // JSON names win over a proto name that happens to equal another field's JSON name.
        for (index, field) in schema.fields.enumerated() { byName[field.jsonName] = index }
        indexByNumber = byNumber
        indexByName = byName
    }
}

final class CompiledEnum: Sendable {
    let name: String
    /// Number to JSON spelling; the first declared spelling wins for aliases.
    let jsonByNumber: [Int32: String]
    /// JSON spelling or proto name to number.
    let numberBySpelling: [String: Int32]

    init(_ schema: EnumSchema) {
        name = schema.name
        var jsonByNumber: [Int32: String] = [:]
        var numberBySpelling: [String: Int32] = [:]
        for value in schema.values {
            jsonByNumber[value.number] = jsonByNumber[value.number] ?? value.json
            numberBySpelling[value.name] = numberBySpelling[value.name] ?? value.number
        }
        for value in schema.values { numberBySpelling[value.json] = value.number }
        self.jsonByNumber = jsonByNumber
        self.numberBySpelling = numberBySpelling
    }
}
