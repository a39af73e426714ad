import ProtoJSON
import Testing
@testable import Gateway

/// The auth routes in the OpenAPI document: public, without the server-set fields in their
/// bodies, and the login's own 429 and rate-limit headers (003 §16.1, §16.3).
@Suite struct OpenAPIAuthRoutesTests {
    var document: JSONValue { OpenAPIDocumentTests.document }
    func operation(_ method: String, _ path: String) -> JSONValue? { document["paths"]?[path]?[method] }
    func component(_ reference: JSONValue?) -> JSONValue? {
        guard let target = reference?["$ref"]?.stringValue, target.hasPrefix("#/components/schemas/") else { return nil }
        return document["components"]?["schemas"]?[String(target.dropFirst("#/components/schemas/".count))]
    }

    @Test func authRoutesArePublic() {
        for path in ["/api/v1/auth/login", "/api/v1/auth/refresh", "/api/v1/auth/logout", "/api/auth/login"] {
            let found = operation("post", path)
            #expect(found?["security"] == .array([]), "\(path)")
            #expect(found?["x-required-permissions"] == .strings([]), "\(path)")
            #expect(found?["x-rate-limit-category"] == .string("auth"), "\(path)")
        }
        #expect(operation("post", "/api/auth/login")?["operationId"] == .string("legacyLogin"))
    }

    @Test func serverSetFieldsAreNotInTheBody() throws {
        for path in ["/api/v1/auth/login", "/api/v1/auth/refresh"] {
            let schema = try #require(component(operation("post", path)?["requestBody"]?["content"]?["application/json"]?["schema"]), "\(path)")
            #expect(schema["properties"]?["ipAddress"] == nil, "\(path)")
            #expect(schema["properties"]?["userAgent"] == nil, "\(path)")
            #expect(schema["additionalProperties"] == .bool(false))
        }
        let login = component(operation("post", "/api/v1/auth/login")?["requestBody"]?["content"]?["application/json"]?["schema"])
        #expect(login?["required"] == .strings(["email", "password"]))
        #expect(login?["properties"]?["mfaCode"] != nil)
    }

    @Test func loginAnswers429WithTheSeedsBody_andRateLimitHeadersOnEveryAnswer() throws {
        for path in ["/api/v1/auth/login", "/api/auth/login"] {
            let responses = try #require(operation("post", path)?["responses"])
            #expect(responses["429"] == .componentRef("responses", "RateLimited"), "\(path)")
            #expect(responses["200"]?["headers"]?["X-RateLimit-Remaining"] == .componentRef("headers", "RateLimitRemaining"), "\(path)")
            #expect(responses["200"]?["headers"]?["X-RateLimit-Reset"] != nil)
        }
        let limited = try #require(document["components"]?["responses"]?["RateLimited"])
        #expect(limited["headers"]?["Retry-After"] == .componentRef("headers", "RetryAfter"))
        #expect(limited["headers"]?["X-RateLimit-Limit"] == .componentRef("headers", "RateLimitLimit"))
        let error = limited["content"]?["application/json"]?["schema"]?["allOf"]?.arrayValue?.last?["properties"]?["error"]
        #expect(error?["properties"]?["code"] == .object(["const": .string("RATE_LIMIT_EXCEEDED")]))
        #expect(error?["properties"]?["details"]?["required"] == .strings(["limit", "window", "retryAfter"]))
        // Routes without a per-address limit keep the generic 429.
        #expect(operation("post", "/api/v1/auth/refresh")?["responses"]?["429"] == .componentRef("responses", "TooManyRequests"))
        #expect(operation("post", "/api/v1/auth/refresh")?["responses"]?["200"]?["headers"]?["X-RateLimit-Limit"] == nil)
    }

    @Test func tenantLimitedRoutesDescribeTheirHeadersAndThe429() throws {
        for (method, path) in [("get", "/api/v1/products"), ("post", "/api/v1/products"), ("get", "/api/v1/rate-limit/status")] {
            let responses = try #require(operation(method, path)?["responses"], "\(path)")
            #expect(responses["429"] == .componentRef("responses", "RateLimited"), "\(path)")
            let success = try #require(responses[method == "post" ? "201" : "200"]?["headers"], "\(path)")
            #expect(success["X-RateLimit-Limit"] == .componentRef("headers", "RateLimitLimit"))
            #expect(success["RateLimit-Policy"] == .componentRef("headers", "RateLimitPolicyField"))
            #expect(success["RateLimit"] == .componentRef("headers", "RateLimitField"))
        }
    }

    @Test func catalogRoutesStillNeedTheBearerToken() {
        #expect(operation("get", "/api/v1/products")?["security"] == nil)
        #expect(document["security"] == .array([.object(["bearerAuth": .array([])])]))
    }
}
