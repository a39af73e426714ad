import GatewayHTTP
import ProtoJSON
import RPCCore

/// Builds the RPC request from an HTTP request: path parameters, query parameters typed by
/// the request message's schema, and the JSON (or multipart) body, then encodes it with the
/// transcoder so every violation is reported at once with its field.
struct RequestBinding: Sendable {
    let registry: SchemaRegistry
    let transcoder: JSONTranscoder

    /// What the gateway knows about the request for `Route.serverFields`.
    struct ServerValues: Sendable {
        /// The peer's address without its port.
        var clientAddress: String
        /// The `User-Agent` header as sent.
        var userAgent: String

        /// Longest user agent passed on: enough for any real one, not a place to store data.
        static let userAgentLimit = 512

        func value(_ kind: Route.ServerValue) -> String {
            switch kind {
            case .clientAddress: clientAddress
            case .userAgent: Self.truncated(userAgent, bytes: Self.userAgentLimit)
            }
        }

        /// At most `bytes` of UTF-8, cut at a character boundary.
        static func truncated(_ text: String, bytes: Int) -> String {
            guard text.utf8.count > bytes else { return text }
            var result = "", used = 0
            for character in text {
                used += character.utf8.count
                if used > bytes { break }
                result.append(character)
            }
            return result
        }
    }

    /// The request's wire bytes, or the validation failure to answer.
    func bind(_ request: HTTPRequest, match: RouteTable.Match, server: ServerValues = ServerValues(clientAddress: "", userAgent: "")) throws(APIError) -> [UInt8] {
        let route = match.route
        guard let message = registry.messages[route.requestType] else { throw APIError(500, "SYS_INTERNAL_ERROR", "route has no request schema") }
        var members: [JSONValue.Member] = []
        var violations: [APIError.Violation] = []
        let pathBound = Set(match.parameters.map(\.name))
        // Server-set fields are no more the client's to give than path-bound ones.
        let gatewayBound = pathBound.union(route.serverFields.keys)

        switch route.body {
        case .none:
            if !request.body.isEmpty {
                violations.append(.init(field: "", code: "VAL_INVALID_FORMAT", message: "\(route.method) \(route.path) takes no request body"))
            }
        case .json, .multipart:
            let contentType = request.headers["content-type"]?.lowercased() ?? ""
            if route.body == .multipart && contentType.hasPrefix("multipart/form-data") {
                members = try MultipartForm.members(of: request.body, contentType: request.headers["content-type"] ?? "", message: message)
            } else if contentType.hasPrefix("application/json") || (contentType.isEmpty && request.body.isEmpty) {
                members = try jsonMembers(request.body)
            } else {
                let accepted = route.body == .multipart ? "multipart/form-data or application/json" : "application/json"
                throw APIError(415, "VAL_INVALID_FORMAT", "Content-Type must be \(accepted)", field: "Content-Type")
            }
            for member in members where pathBound.contains(member.key) {
                violations.append(.init(field: member.key, code: "VAL_UNKNOWN_FIELD", message: "\(member.key) is given by the path, not the body"))
            }
            for member in members where route.serverFields[member.key] != nil {
                violations.append(.init(field: member.key, code: "VAL_UNKNOWN_FIELD", message: "\(member.key) is set by the gateway, not the body"))
            }
            // PATCH semantics: the service changes exactly the members the body named.
            if message.fields.contains(where: { $0.name == "update_mask" && $0.repeated }) {
                if let index = members.firstIndex(where: { $0.key == "updateMask" || $0.key == "update_mask" }) {
                    violations.append(.init(field: members[index].key, code: "VAL_UNKNOWN_FIELD", message: "updateMask is set by the gateway from the body's members"))
                }
                members.append(.init("updateMask", .array(members.map { .string($0.key) })))
            }
        }
        for parameter in match.parameters { members.append(.init(parameter.name, .string(parameter.value))) }
        for (name, kind) in route.serverFields.sorted(by: { $0.key < $1.key }) { members.append(.init(name, .string(server.value(kind)))) }
        let query = bindQuery(request.head.query, route: route, message: message, pathBound: gatewayBound, violations: &violations)
        members.append(contentsOf: query)
        guard violations.isEmpty else { throw APIError.validation(violations) }
        do {
            return try transcoder.encode(.object(members), messageType: route.requestType)
        } catch {
            throw APIError.validation(error)
        }
    }

    private func jsonMembers(_ body: [UInt8]) throws(APIError) -> [JSONValue.Member] {
        guard !body.isEmpty else { return [] }
        let value: JSONValue
        do {
            value = try JSONParser.parse(body)
        } catch {
            throw APIError(400, "VAL_MALFORMED_JSON", "The body is not valid JSON: \(error.description)")
        }
        guard case .object(let members) = value else {
            throw APIError(400, "VAL_INVALID_TYPE", "The body must be a JSON object, not \(value.typeName)")
        }
        return members
    }

    /// Query parameters become members typed by the field they name; GET and DELETE routes
    /// take every top-level scalar, enum, decimal or timestamp field not bound by the path.
    private func bindQuery(_ query: Substring?, route: Route, message: MessageSchema, pathBound: Set<String>,
                           violations: inout [APIError.Violation]) -> [JSONValue.Member] {
        var values: [(name: String, values: [String])] = []
        for (name, value) in QueryString.pairs(query ?? "", violations: &violations) {
            if let index = values.firstIndex(where: { $0.name == name }) {
                values[index].values.append(value)
            } else {
                values.append((name, [value]))
            }
        }
        for (name, value) in route.queryDefaults.sorted(by: { $0.key < $1.key }) where !values.contains(where: { $0.name == name }) {
            values.append((name, [value]))
        }
        var members: [JSONValue.Member] = []
        for (name, given) in values {
            guard route.body == .none, route.shape != .download, !pathBound.contains(name),
                  let field = message.fields.first(where: { $0.jsonName == name }), Self.isQueryField(field) else {
                violations.append(.init(field: name, code: "VAL_UNKNOWN_FIELD", message: "\(route.method) \(route.path) has no query parameter \(name)"))
                continue
            }
            if !field.repeated && given.count > 1 {
                violations.append(.init(field: name, code: "VAL_DUPLICATE_FIELD", message: "\(name) is given \(given.count) times"))
                continue
            }
            var typed: [JSONValue] = []
            for text in given {
                guard let value = typedValue(text, field: field, route: route, violations: &violations) else { continue }
                typed.append(value)
            }
            guard typed.count == given.count else { continue }
            members.append(.init(name, field.repeated ? .array(typed) : typed[0]))
        }
        return members
    }

    private func typedValue(_ text: String, field: FieldSchema, route: Route, violations: inout [APIError.Violation]) -> JSONValue? {
        switch field.kind {
        case .bool:
            switch text {
            case "true", "1": return .bool(true)
            case "false", "0": return .bool(false)
            default:
                violations.append(.init(field: field.jsonName, code: "VAL_INVALID_TYPE", message: "\(field.jsonName) must be true or false"))
                return nil
            }
        case .int32, .int64, .uint32, .uint64, .sint32, .sint64, .fixed32, .fixed64, .sfixed32, .sfixed64:
            guard let number = Int64(text) else {
                violations.append(.init(field: field.jsonName, code: "VAL_INVALID_TYPE", message: "\(field.jsonName) must be an integer"))
                return nil
            }
            if let maximum = route.queryMaximums[field.jsonName], number > maximum || number < 1 {
                violations.append(.init(field: field.jsonName, code: "VAL_OUT_OF_RANGE", message: "\(field.jsonName) must be between 1 and \(maximum)"))
                return nil
            }
            if route.queryDefaults[field.jsonName] != nil, number < 1 {
                violations.append(.init(field: field.jsonName, code: "VAL_OUT_OF_RANGE", message: "\(field.jsonName) must be at least 1"))
                return nil
            }
            return .number(String(number))
        default:
            // Strings, enums, decimals and timestamps: the transcoder checks the text.
            return .string(text)
        }
    }

    static func isQueryField(_ field: FieldSchema) -> Bool {
        switch field.kind {
        case .message: field.typeName == "cerniq.common.v1.Decimal" || field.typeName == "cerniq.common.v1.Timestamp"
        case .bytes: false
        default: true
        }
    }
}

/// `application/x-www-form-urlencoded` query strings.
enum QueryString {
    static func pairs(_ query: Substring, violations: inout [APIError.Violation]) -> [(String, String)] {
        var result: [(String, String)] = []
        for component in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = component.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = PercentDecoding.decode(parts[0], plusIsSpace: true), !name.isEmpty,
                  let value = PercentDecoding.decode(parts.count > 1 ? parts[1] : "", plusIsSpace: true) else {
                violations.append(.init(field: String(parts[0].prefix(64)), code: "VAL_INVALID_FORMAT", message: "query parameter is not valid percent-encoded UTF-8"))
                continue
            }
            result.append((name, value))
        }
        return result
    }
}
