import ProtoJSON

extension Idempotency {
    /// The `Idempotency-Key` header parameter of the routes that honour it (authenticated
    /// POSTs), for the OpenAPI document; none for the others.
    static func openAPIParameters(_ route: Route) -> [JSONValue] {
        guard route.authentication == .token, route.method == "POST" else { return [] }
        return [.object([
            "name": .string(IdempotencyKey.header), "in": .string("header"), "required": .bool(false),
            "description": .string("""
                Makes a retry safe (Stripe's semantics): a request with a key already used by this caller gets the first \
                answer again, with `Idempotent-Replayed: true`, and is not performed twice. Another request under the same \
                key answers 422 VAL_DUPLICATE; while the first is still running a retry waits for it, then answers 409 \
                RES_LOCKED with Retry-After. A malformed key answers 400 VAL_INVALID_FORMAT. Keys expire after 24 hours.
                """),
            // Printable ASCII; HTTP trims spaces at either end, so a key neither starts nor ends with one.
            "schema": .object(["type": .string("string"), "minLength": .integer(1), "maxLength": .integer(255),
                               "pattern": .string(#"^[\x21-\x7E]([\x20-\x7E]*[\x21-\x7E])?$"#)]),
        ])]
    }
}
