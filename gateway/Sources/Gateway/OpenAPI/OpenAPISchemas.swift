import ProtoJSON
import RPCCore

/// The component schemas of the messages and enums the routes reach, built from the generated
/// metadata on first use. A message that requests and responses both carry gets two schemas,
/// because the directions differ: a request requires only its `@required` fields and refuses
/// unknown members (400 VAL_UNKNOWN_FIELD); a response, written with includeDefaultValues,
/// always has every field except absent messages and unset oneof members.
struct OpenAPISchemas {
    enum Variant: Hashable {
        case request
        case response
        /// The envelope's cursor `pagination`: a response whose empty `cursor` the gateway writes as null.
        case pageCursor
    }

    struct Key: Hashable {
        var type: String
        var variant: Variant
        /// Members a top-level body leaves out (path-bound fields, the gateway's `updateMask`), sorted.
        var omitted: [String]
    }

    let registry: SchemaRegistry
    /// Component name → schema.
    private(set) var components: [String: JSONValue] = [:]
    private var names: [Key: String] = [:]
    private var claimed: Set<String>
    /// Messages some response carries: their request schema is the one named `…Input`.
    private let responseTypes: Set<String>
    /// Fully qualified name → component name stem (the short proto name, unique in the registry).
    private let stems: [String: String]

    /// `responseRoots` are the messages responses carry at the top; `reserved` names the
    /// document's own components, which no message may take.
    init(registry: SchemaRegistry, responseRoots: [String], reserved: [String]) {
        self.registry = registry
        claimed = Set(reserved)
        responseTypes = Self.reachable(from: responseRoots, in: registry)
        stems = Self.stems(registry)
    }

    // MARK: Names

    /// `cerniq.catalog.v1.ProductDetail.Image` → `ProductDetail_Image`: the package dropped,
    /// nested names joined.
    static func shortName(_ fullName: String) -> String {
        let parts = fullName.split(separator: ".")
        let firstType = parts.firstIndex { $0.first?.isUppercase == true } ?? max(0, parts.count - 1)
        return parts[firstType...].joined(separator: "_")
    }

    /// Short names, except where two packages share one: those keep their package.
    static func stems(_ registry: SchemaRegistry) -> [String: String] {
        var byShort: [String: [String]] = [:]
        for name in Array(registry.messages.keys) + Array(registry.enums.keys) { byShort[shortName(name), default: []].append(name) }
        var result: [String: String] = [:]
        for (short, fullNames) in byShort {
            for name in fullNames { result[name] = fullNames.count == 1 ? short : name.split(separator: ".").joined(separator: "_") }
        }
        return result
    }

    /// Every message `roots` contain, through any depth.
    static func reachable(from roots: [String], in registry: SchemaRegistry) -> Set<String> {
        var seen = Set<String>()
        var pending = roots
        while let type = pending.popLast() {
            guard let message = registry.messages[type], seen.insert(type).inserted else { continue }
            pending += message.fields.compactMap { $0.kind == .message ? $0.typeName : nil }
        }
        return seen
    }

    private mutating func claim(_ key: Key) -> String {
        let stem = stems[key.type] ?? Self.shortName(key.type)
        let candidate = switch key.variant {
        case .response: stem
        case .pageCursor: responseTypes.contains(key.type) ? stem + "Page" : stem
        case .request: responseTypes.contains(key.type) ? stem + "Input" : stem
        }
        var name = candidate, suffix = 2
        while claimed.contains(name) {
            name = candidate + String(suffix)
            suffix += 1
        }
        claimed.insert(name)
        names[key] = name
        return name
    }

    // MARK: Schemas

    /// The schema of message `type` in `variant`: a `$ref` to its component, or inline for
    /// the value messages (Decimal, Timestamp).
    mutating func message(_ type: String, _ variant: Variant, omitting omitted: Set<String> = []) -> JSONValue {
        if type == OpenAPIScalars.decimal { return OpenAPIScalars.decimal(request: variant == .request) }
        if type == OpenAPIScalars.timestamp { return OpenAPIScalars.timestampSchema }
        // RouteTable checked every route's messages; a type missing here can only be nested garbage.
        guard let message = registry.messages[type] else { return .object([:]) }
        let key = Key(type: type, variant: variant, omitted: omitted.sorted())
        if let name = names[key] { return .schemaRef(name) }
        let name = claim(key)
        components[name] = .null // claimed first, so a message that contains itself refers to this name
        components[name] = build(message, variant, omitting: omitted)
        return .schemaRef(name)
    }

    /// One component per enum, without the zero `*_UNSPECIFIED` value: a request that names
    /// it is "not given". Responses, written with includeDefaultValues, show an unset enum as
    /// the zero's spelling, so a response field admits that one value besides the enum.
    mutating func enumeration(_ type: String, _ variant: Variant) -> JSONValue {
        guard let schema = registry.enums[type] else { return .object(["type": .string("string")]) }
        let key = Key(type: type, variant: .request, omitted: [])
        let name: String
        if let existing = names[key] {
            name = existing
        } else {
            name = claim(key)
            let values = schema.values.filter { $0.number != 0 }.map(\.json)
            components[name] = .object(["type": .string("string"), "enum": .strings(values)])
        }
        guard variant != .request, let zero = schema.values.first(where: { $0.number == 0 }) else { return .schemaRef(name) }
        return .object(["anyOf": .array([
            .schemaRef(name),
            .object(["const": .string(zero.json), "description": .string("Not set (\(zero.name)).")]),
        ])])
    }

    /// A field's schema: a list, a map (a JSON object), or one value.
    mutating func field(_ field: FieldSchema, _ variant: Variant) -> JSONValue {
        let nested: Variant = variant == .request ? .request : .response
        guard field.repeated else { return single(field, nested) }
        if field.kind == .message, let type = field.typeName, let entry = registry.messages[type], entry.isMapEntry {
            return map(entry, nested)
        }
        return .object(["type": .string("array"), "items": single(field, nested)])
    }

    private mutating func single(_ field: FieldSchema, _ variant: Variant) -> JSONValue {
        switch field.kind {
        case .message: message(field.typeName ?? "", variant)
        case .enumeration: enumeration(field.typeName ?? "", variant)
        default: OpenAPIScalars.scalar(field.kind)
        }
    }

    /// `map<K, V>` is an object whose keys are K's text and whose values are V.
    private mutating func map(_ entry: MessageSchema, _ variant: Variant) -> JSONValue {
        var members: [JSONValue.Member] = [.init("type", .string("object"))]
        members.append(.init("additionalProperties", entry.field(number: 2).map { single($0, variant) } ?? .object([:])))
        switch entry.field(number: 1)?.kind {
        case .bool?: members.append(.init("propertyNames", .object(["enum": .strings(["true", "false"])])))
        case let kind? where OpenAPIScalars.isInteger(kind): members.append(.init("propertyNames", .object(["pattern": .string("^-?[0-9]+$")])))
        default: break
        }
        return .object(members)
    }

    private mutating func build(_ message: MessageSchema, _ variant: Variant, omitting omitted: Set<String>) -> JSONValue {
        if message.isJSONValue { return jsonValue(message, variant) }
        var properties: [JSONValue.Member] = []
        var required: [String] = []
        var oneofs: [(name: String, members: [String])] = []
        for field in message.fields where !omitted.contains(field.jsonName) {
            if let oneof = field.oneof {
                if let index = oneofs.firstIndex(where: { $0.name == oneof }) { oneofs[index].members.append(field.jsonName) } else { oneofs.append((oneof, [field.jsonName])) }
            }
        }
        for field in message.fields where !omitted.contains(field.jsonName) {
            var schema = self.field(field, variant)
            if let oneof = field.oneof, let group = oneofs.first(where: { $0.name == oneof }), group.members.count > 1 {
                schema = schema.setting("description", .string("One of \(group.members.joined(separator: ", ")): at most one is set."))
            }
            if variant == .pageCursor, field.jsonName == "cursor", field.kind == .string, !field.repeated {
                schema = .object(["type": .strings(["string", "null"]), "description": .string("null on the last page.")])
            }
            properties.append(.init(field.jsonName, schema))
            switch variant {
            case .request:
                if field.required { required.append(field.jsonName) }
            case .response, .pageCursor:
                // includeDefaultValues writes every scalar, enum, list and map; messages only when
                // present, oneof members only when set.
                if field.oneof == nil && (field.repeated || field.kind != .message) { required.append(field.jsonName) }
            }
        }
        var members: [JSONValue.Member] = [.init("type", .string("object"))]
        let choices = oneofs.filter { $0.members.count > 1 }
        if !choices.isEmpty {
            let text = choices.map { "at most one of \($0.members.joined(separator: ", "))" }.joined(separator: "; ")
            members.append(.init("description", .string(text.prefix(1).uppercased() + text.dropFirst() + ".")))
        }
        if !properties.isEmpty { members.append(.init("properties", .object(properties))) }
        if !required.isEmpty { members.append(.init("required", .strings(required))) }
        if variant == .request { members.append(.init("additionalProperties", .bool(false))) }
        return .object(members)
    }

    /// A `@json-value` message is its set member's value; with none set a response reads null.
    private func jsonValue(_ message: MessageSchema, _ variant: Variant) -> JSONValue {
        var types: [String] = []
        for field in message.fields where !types.contains(OpenAPIScalars.jsonType(of: field)) { types.append(OpenAPIScalars.jsonType(of: field)) }
        if variant != .request { types.append("null") }
        let members = message.fields.map { "\($0.jsonName) (\(OpenAPIScalars.jsonType(of: $0)))" }.joined(separator: ", ")
        return .object(["type": .strings(types), "description": .string("The value of one of \(members) itself, not an object.")])
    }
}
