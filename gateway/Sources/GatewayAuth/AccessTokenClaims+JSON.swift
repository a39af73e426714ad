import ProtoJSON

extension AccessTokenClaims {
    /// The JWT payload object: the §2.1 claims in the seed's order, then `nbf`, `sid` and `plan` when set.
    var payloadJSON: JSONValue {
        var members: [JSONValue.Member] = [
            .init("sub", .string(sub)),
            .init("tenantId", .string(tenantId)),
            .init("email", .string(email)),
            .init("roles", .array(roles.map { .string($0) })),
            .init("permissions", .array(permissions.map { .string($0) })),
            .init("iat", .integer(iat)),
            .init("exp", .integer(exp)),
        ]
        if let nbf { members.append(.init("nbf", .integer(nbf))) }
        members.append(.init("jti", .string(jti)))
        if let sessionId { members.append(.init("sid", .string(sessionId))) }
        if let plan { members.append(.init("plan", .string(plan))) }
        return .object(members)
    }

    /// Reads a verified payload. Required: `sub`, `tenantId` (a UUID), `iat`, `exp`, `jti`;
    /// optional: `email`, `roles`, `permissions`, `nbf`, `sid`, `plan`; other claims are ignored.
    /// A claim of the wrong JSON type, or one of ours given twice (RFC 7519 §4 lets a parser
    /// refuse duplicates, and two readers picking different copies is how confusion starts),
    /// makes the token invalid. Times must be integers: this platform never issues fractions.
    init(payload: JSONValue) throws(AuthFailure) {
        guard case .object(let members) = payload else { throw .tokenInvalid }
        var sub: String?, tenantId: String?, email: String?, roles: [String]?, permissions: [String]?
        var iat: Int64?, exp: Int64?, nbf: Int64?, jti: String?, sid: String?, plan: String?
        var seen: UInt16 = 0
        for member in members {
            let bit: UInt16
            switch member.key {
            case "sub": bit = 1 << 0; sub = try Self.nonEmptyString(member.value)
            case "tenantId": bit = 1 << 1; tenantId = try Self.string(member.value)
            case "email": bit = 1 << 2; email = try Self.string(member.value)
            case "roles": bit = 1 << 3; roles = try Self.strings(member.value)
            case "permissions": bit = 1 << 4; permissions = try Self.strings(member.value)
            case "iat": bit = 1 << 5; iat = try Self.integer(member.value)
            case "exp": bit = 1 << 6; exp = try Self.integer(member.value)
            case "nbf": bit = 1 << 7; nbf = try Self.integer(member.value)
            case "jti": bit = 1 << 8; jti = try Self.nonEmptyString(member.value)
            case "sid": bit = 1 << 9; sid = try Self.string(member.value)
            case "plan": bit = 1 << 10; plan = try Self.string(member.value)
            default: continue
            }
            guard seen & bit == 0 else { throw .tokenInvalid }
            seen |= bit
        }
        guard let sub, let tenantId, let iat, let exp, let jti, UUIDText.isValid(tenantId) else { throw .tokenInvalid }
        self.init(
            sub: sub, tenantId: tenantId, email: email ?? "", roles: roles ?? [], permissions: permissions ?? [],
            iat: iat, exp: exp, nbf: nbf, jti: jti, sessionId: sid, plan: plan)
    }

    private static func string(_ value: JSONValue) throws(AuthFailure) -> String {
        guard case .string(let text) = value else { throw .tokenInvalid }
        return text
    }

    private static func nonEmptyString(_ value: JSONValue) throws(AuthFailure) -> String {
        let text = try string(value)
        guard !text.isEmpty else { throw .tokenInvalid }
        return text
    }

    private static func strings(_ value: JSONValue) throws(AuthFailure) -> [String] {
        guard case .array(let elements) = value else { throw .tokenInvalid }
        var result: [String] = []
        result.reserveCapacity(elements.count)
        for element in elements { result.append(try string(element)) }
        return result
    }

    /// A NumericDate as a whole number of seconds. `Int64(_:)` refuses fractions, exponents
    /// and anything beyond 64 bits, so "1e99" cannot wrap into a far-future time.
    private static func integer(_ value: JSONValue) throws(AuthFailure) -> Int64 {
        guard case .number(let text) = value, let number = Int64(text) else { throw .tokenInvalid }
        return number
    }
}
