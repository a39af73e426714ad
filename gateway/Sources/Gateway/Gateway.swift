import CommonAPI
import Dispatch
import GatewayAPI
import GatewayHTTP
import ProtoJSON
import RPCCore

/// The edge's request pipeline (DESIGN D7): route → limit → authenticate → authorize → bind →
/// call → envelope. Public routes (`Route.authentication == .none`) skip the token steps and
/// call with no caller in metadata. Every outcome, success or failure, is the seed's JSON envelope with the
/// request id; nothing a service or the transport says internally reaches a client.
public final class Gateway: Sendable {
    public let table: RouteTable
    let binding: RequestBinding
    /// Output writes zero values too: `"inStock": false` and `"stock": 0` are data, not absence.
    let output: JSONTranscoder
    let authenticator: any Authenticator
    /// `X-API-Key` clients, verified through Identity; nil when the gateway takes tokens only.
    let apiKeys: ApiKeyVerifier?
    let upstreams: [String: Upstream]
    let health: HealthEndpoints
    let openAPI: [UInt8]
    let limits: ClientLimits
    /// Tenant-scoped limits (003 §16.2), shared with other replicas when they have a store.
    public let tenantLimits: TenantRateLimits
    let rateLimitStatus: RateLimitStatusReport
    /// `Idempotency-Key` on authenticated POSTs, shared with other replicas when it has a store.
    public let idempotency: Idempotency
    /// Requests in flight per tenant and in total (gateway/README.md §Noisy neighbours).
    public let concurrency: ConcurrencyLimits

    /// `limitClock` (Unix milliseconds) times the routes' per-address limits; tests inject it.
    /// `tenantLimits` defaults to 003 §16.2's limits counted in this process alone, `idempotency` to keys kept in it.
    public init(routes: [Route], registry: SchemaRegistry, upstreams: [Upstream], authenticator: any Authenticator,
                apiKeys: ApiKeyVerifier? = nil, version: String = "dev", limitClock: @escaping @Sendable () -> Int64 = FixedWindowLimiter.systemMilliseconds,
                tenantLimits: TenantRateLimits? = nil, idempotency: Idempotency? = nil, concurrency: ConcurrencyLimits = ConcurrencyLimits()) throws {
        let tenantLimits = tenantLimits ?? TenantRateLimits(policy: .seed(), store: nil, now: limitClock)
        table = try RouteTable(tenantLimits.policy.attachingEndpointLimits(to: routes), registry: registry)
        binding = RequestBinding(registry: registry, transcoder: JSONTranscoder(registry: registry))
        output = JSONTranscoder(registry: registry, options: .init(includeDefaultValues: true))
        self.authenticator = authenticator
        self.apiKeys = apiKeys
        var byService: [String: Upstream] = [:]
        for upstream in concurrency.fair(upstreams) { for service in upstream.services { byService[service] = upstream } }
        for route in table.routes where byService[route.rpc.service] == nil && route.rpc.service != GatewayRoutes.service {
            throw RouteTableError(route, "needs \(route.rpc.service), which no upstream serves")
        }
        self.upstreams = byService
        health = HealthEndpoints(upstreams: upstreams, version: version)
        limits = ClientLimits(routes: table.routes, now: limitClock)
        self.tenantLimits = tenantLimits
        rateLimitStatus = RateLimitStatusReport(limits: tenantLimits, routes: table.routes)
        self.idempotency = idempotency ?? Idempotency(now: limitClock)
        self.concurrency = concurrency
        openAPI = JSONWriter().write(OpenAPIDocument.make(routes: table.routes, registry: registry, version: version))
    }

    // MARK: The server's three calls

    /// What the head decided, carried to the body's turn so nothing is decided twice.
    public struct Prepared: Sendable {
        let match: RouteTable.Match
        /// Absent on public routes.
        let caller: Caller?
        /// The §16.1 headers of a limited route, for its answer whatever it is.
        let limitHeaders: [(name: String, value: String)]
        /// An `X-API-Key` not verified yet: Identity is asked on the body's turn, off the loop.
        var pendingAPIKey: String? = nil
        /// The tenant's limits need a lease from the shared store (or the tenant is not known
        /// yet): counted on the body's turn, off the loop.
        var pendingLimit = false
        /// This request's place among those in flight, given back when it is answered.
        var permit: InflightPermit? = nil
    }

    /// Decides from the head alone: unknown routes, exhausted limits and missing credentials
    /// are answered before the body is read (and before `100 Continue`). `clientAddress` is
    /// the connection's peer (`host:port`), which per-address limits count.
    public func decide(_ head: HTTPRequestHead, receivedAt: UInt64, clientAddress: String = "") -> (bodyLimit: Int?, response: HTTPResponse?, prepared: Prepared?) {
        let path = head.path
        if health.serves(path) || isDocument(path) { return (0, nil, nil) }
        if path == HealthEndpoints.systemHealthPath {
            do throws(APIError) {
                try authorizeSystemHealth(head)
                return (0, nil, nil)
            } catch {
                return (nil, Envelope.failure(error, meta: meta(head, receivedAt)), nil)
            }
        }
        switch table.lookup(method: head.method, path: path) {
        case .found(let match):
            do throws(APIError) {
                // Counted before credentials: a login flood is refused without touching Identity.
                var limitHeaders = try limits.check(match.route, clientAddress: clientAddress)
                var caller: Caller?
                if match.route.authentication == .token {
                    let verified: Caller
                    if let apiKeys, let key = head.headers["x-api-key"], !head.headers.contains("authorization") {
                        guard ApiKeyVerifier.isWellFormed(key) else { throw ApiKeyVerifier.invalid }
                        guard let known = apiKeys.cached(key) else {
                            return (match.route.bodyLimit, nil, Prepared(match: match, caller: nil, limitHeaders: limitHeaders, pendingAPIKey: key,
                                                                         pendingLimit: true, permit: try concurrency.admit(tenant: nil)))
                        }
                        verified = known
                    } else {
                        verified = try authenticator.authenticate(head.headers)
                    }
                    try authorize(verified, for: match.route, headers: head.headers)
                    caller = verified
                }
                var pendingLimit = false
                // Before the rate limits, so a request refused here spends none of them.
                let permit = try concurrency.admit(tenant: caller?.tenantID)
                if let caller {
                    // After the token (the tenant is in it), before the body: a tenant over its limit costs no read.
                    switch tenantLimits.check(caller, route: match.route) {
                    case .admit(let fields): limitHeaders += fields
                    case .refuse(let error): throw error
                    case .pending: pendingLimit = true
                    }
                }
                return (match.route.bodyLimit, nil, Prepared(match: match, caller: caller, limitHeaders: limitHeaders, pendingLimit: pendingLimit,
                                                             permit: permit))
            } catch {
                return (nil, Envelope.failure(error, meta: meta(head, receivedAt)), nil)
            }
        case .methodNotAllowed(let allowed):
            return (nil, Envelope.failure(methodNotAllowed(head, allowed), meta: meta(head, receivedAt)), nil)
        case .notFound:
            return (nil, Envelope.failure(.notFound("No route for \(head.method) \(head.path)"), meta: meta(head, receivedAt)), nil)
        }
    }

    /// Answers on the event loop, without a task, what needs no call: pings, liveness and the document.
    public func respondImmediately(to request: HTTPRequest, receivedAt: UInt64) -> HTTPResponse? {
        if let response = health.immediate(request.head) { return response }
        if isDocument(request.head.path) && (request.method == "GET" || request.method == "HEAD") {
            return HTTPResponse(status: 200, headers: [Envelope.contentType], body: openAPI)
        }
        return nil
    }

    /// The response to a complete request; `prepared` is what `decide` found for its head
    /// (decided again when absent). `clientAddress` is the connection's peer (`host:port`).
    public func respond(to request: HTTPRequest, receivedAt: UInt64, clientAddress: String = "", prepared: Prepared? = nil) async -> HTTPResponse {
        var meta = meta(request.head, receivedAt)
        if let response = await health.respond(request.head, meta: meta) { return response }
        if request.head.path == HealthEndpoints.systemHealthPath {
            do throws(APIError) {
                try authorizeSystemHealth(request.head)
                return await health.systemHealth(meta: meta)
            } catch {
                return Envelope.failure(error, meta: meta)
            }
        }
        let decision = prepared.map { (bodyLimit: Int?.none, response: HTTPResponse?.none, prepared: Optional($0)) }
            ?? decide(request.head, receivedAt: receivedAt, clientAddress: clientAddress)
        guard let prepared = decision.prepared else {
            return decision.response ?? Envelope.failure(.notFound("No route for \(request.method) \(request.head.path)"), meta: meta)
        }
        // Answered: the place is free (a request abandoned before now frees it when dropped).
        defer { prepared.permit?.release() }
        let match = prepared.match
        var caller = prepared.caller
        var response: HTTPResponse
        var limitHeaders = prepared.limitHeaders
        do {
            if let key = prepared.pendingAPIKey, let apiKeys {
                let verified = try await apiKeys.verify(key)
                try authorize(verified, for: match.route, headers: request.headers)
                try prepared.permit?.transfer(toTenant: verified.tenantID)
                caller = verified
            }
            if prepared.pendingLimit, let caller {
                limitHeaders += try await tenantLimits.admit(caller, route: match.route)
            }
            let server = RequestBinding.ServerValues(clientAddress: ClientAddress.host(of: clientAddress), userAgent: request.headers["user-agent"] ?? "")
            meta.clientAddress = server.clientAddress
            meta.userAgent = String(server.userAgent.prefix(RequestBinding.ServerValues.userAgentLimit))
            let message = try binding.bind(request, match: match, server: server)
            if match.route.rpc.service == GatewayRoutes.service {
                response = try envelope(match.route, reply: try await answerLocally(match.route, caller: caller), meta: meta)
            } else {
                // After the limits and the binding: a refused request never holds its key.
                response = try await idempotency.respond(to: request, route: match.route, caller: caller, meta: meta) { [caller, meta] () async throws(APIError) in
                    if match.route.shape == .download { return try await download(match, caller: caller, meta: meta) }
                    return try await call(match.route, message: message, caller: caller, meta: meta)
                }
            }
        } catch {
            response = Envelope.failure(error, meta: meta)
        }
        response.headers += limitHeaders
        return response
    }

    // MARK: Steps

    /// 003 §13.8's system health: GET only, an access token with `admin:settings`.
    func authorizeSystemHealth(_ head: HTTPRequestHead) throws(APIError) {
        guard head.method == "GET" || head.method == "HEAD" else { throw methodNotAllowed(head, ["GET"]) }
        try authorize(try authenticator.authenticate(head.headers), scopes: HealthEndpoints.systemHealthScopes, headers: head.headers)
    }

    func meta(_ head: HTTPRequestHead, _ receivedAt: UInt64) -> Envelope.Meta {
        Envelope.Meta(requestID: RequestID.of(head.headers), startedAt: receivedAt)
    }

    func isDocument(_ path: Substring) -> Bool { path == "/api/v1/openapi.json" || path == "/api/docs-json" }

    /// Scopes per route (003 §2.3) and the tenant header of 002, which must name the token's tenant.
    func authorize(_ caller: Caller, for route: Route, headers: HTTPHeaders) throws(APIError) {
        try authorize(caller, scopes: route.scopes, headers: headers)
    }

    func authorize(_ caller: Caller, scopes: [String], headers: HTTPHeaders) throws(APIError) {
        if let tenant = headers["x-tenant-id"], tenant.lowercased() != caller.tenantID.lowercased() {
            throw APIError(403, "AUTHZ_TENANT_MISMATCH", "X-Tenant-ID names a tenant other than the token's")
        }
        let missing = scopes.filter { !caller.permissions.contains($0) }
        guard missing.isEmpty else {
            throw APIError(403, "AUTHZ_PERMISSION_DENIED", "Insufficient permissions for this action",
                           details: [.init("requiredPermissions", .array(missing.map { .string($0) }))])
        }
    }

    /// The request id always; the tenant and principal when a caller is authenticated.
    func callOptions(_ route: Route, caller: Caller?, meta: Envelope.Meta) -> CallOptions {
        var metadata = Metadata()
        metadata.requestID = meta.requestID
        if let caller {
            metadata.tenant = caller.tenantID
            metadata.principal = caller.principal
            if !meta.clientAddress.isEmpty { metadata[Metadata.Key.clientAddress] = meta.clientAddress }
            if !meta.userAgent.isEmpty { metadata[Metadata.Key.userAgent] = meta.userAgent }
        }
        return CallOptions(timeout: route.deadline, metadata: metadata)
    }

    /// `GatewayService`'s methods, answered here for the verified caller.
    func answerLocally(_ route: Route, caller: Caller?) async throws(APIError) -> [UInt8] {
        guard let caller, route.rpc == GatewayServiceMethods.getRateLimitStatus else {
            throw APIError(502, "SYS_INTERNAL_ERROR", "The gateway has no answer for this route")
        }
        return await rateLimitStatus.status(for: caller).encoded()
    }

    func call(_ route: Route, message: [UInt8], caller: Caller?, meta: Envelope.Meta) async throws(APIError) -> HTTPResponse {
        guard let upstream = upstreams[route.rpc.service] else { throw APIError(502, "SYS_INTERNAL_ERROR", "The service failed to answer") }
        let options = callOptions(route, caller: caller, meta: meta)
        let reply: [UInt8]
        let sent = Deadline.now()
        do {
            reply = try await upstream.caller.call(route.rpc, request: message, options: options)
        } catch {
            throw ErrorMapping.apiError(RPCError(from: error))
        }
        let answered = Deadline.now()
        var response = try envelope(route, reply: reply, meta: meta)
        // The gateway's own share beside the service's (W3C Server-Timing), for clients and the bench.
        let own = Deadline.now() &- meta.startedAt &- (answered &- sent)
        response.headers.append((name: "Server-Timing", value: "gateway;dur=\(Envelope.milliseconds(own)), upstream;dur=\(Envelope.milliseconds(answered &- sent))"))
        return response
    }

    func envelope(_ route: Route, reply: [UInt8], meta: Envelope.Meta) throws(APIError) -> HTTPResponse {
        if route.shape == .empty {
            return HTTPResponse(status: route.successStatus, headers: [(name: "X-Request-Id", value: meta.requestID)])
        }
        let value: JSONValue
        do {
            value = try output.decodeValue(reply, messageType: route.responseType)
        } catch {
            throw APIError(502, "SYS_INTERNAL_ERROR", "The service's answer could not be read")
        }
        if route.shape == .bare {
            return HTTPResponse(status: route.successStatus, headers: [Envelope.contentType, (name: "X-Request-Id", value: meta.requestID)],
                                body: JSONWriter().write(value))
        }
        guard route.shape == .page else { return Envelope.success(status: route.successStatus, data: value, meta: meta) }
        var pagination = value["pagination"]
        if pagination == nil || pagination == .null, case .object(var cursor)? = value["cursorPagination"] {
            // 003 §1.5: the cursor of the last page is null, not "".
            if let index = cursor.firstIndex(where: { $0.key == "cursor" }), cursor[index].value == .string("") { cursor[index].value = .null }
            pagination = .object(cursor)
        }
        return Envelope.success(status: route.successStatus, data: value["data"] ?? .array([]),
                                pagination: pagination == .null ? nil : pagination, meta: meta)
    }

    /// A file through its RPC in consecutive ranges: the path's members plus `offset` and `maxBytes`.
    func download(_ match: RouteTable.Match, caller: Caller?, meta: Envelope.Meta) async throws(APIError) -> HTTPResponse {
        let route = match.route
        guard let upstream = upstreams[route.rpc.service] else { throw APIError(502, "SYS_INTERNAL_ERROR", "The service failed to answer") }
        let options = callOptions(route, caller: caller, meta: meta)
        var content: [UInt8] = []
        var contentType = "application/octet-stream", fileName = ""
        while true {
            let range: [UInt8]
            do {
                let members = match.parameters.map { JSONValue.Member($0.name, .string($0.value)) }
                    + [.init("offset", .integer(content.count)), .init("maxBytes", .integer(Self.downloadChunk))]
                range = try binding.transcoder.encode(.object(members), messageType: route.requestType)
            } catch {
                throw APIError.validation(error)
            }
            let reply: JSONValue
            do {
                let bytes = try await upstream.caller.call(route.rpc, request: range, options: options)
                reply = try output.decodeValue(bytes, messageType: route.responseType)
            } catch let error as RPCError {
                throw ErrorMapping.apiError(error)
            } catch {
                throw APIError(502, "SYS_INTERNAL_ERROR", "The service's answer could not be read")
            }
            guard case .string(let chunkText)? = reply["content"], let chunk = Base64.decode(chunkText),
                  case .number(let totalText)? = reply["totalSize"], let total = Int(totalText), total <= Self.downloadLimit else {
                throw APIError(502, "SYS_INTERNAL_ERROR", "The service's answer could not be read")
            }
            if case .string(let type)? = reply["contentType"], !type.isEmpty { contentType = type }
            if case .string(let name)? = reply["fileName"] { fileName = name }
            content += chunk
            if content.count >= total || chunk.isEmpty { break }
        }
        var headers = [(name: "Content-Type", value: contentType), (name: "X-Request-Id", value: meta.requestID)]
        let safeName = fileName.filter { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" }
        if !safeName.isEmpty { headers.append((name: "Content-Disposition", value: "attachment; filename=\"\(safeName)\"")) }
        return HTTPResponse(status: 200, headers: headers, body: content)
    }

    static let downloadChunk = 1 << 20
    static let downloadLimit = 256 << 20

    func methodNotAllowed(_ head: HTTPRequestHead, _ allowed: [String]) -> APIError {
        APIError(405, "RES_NOT_FOUND", "\(head.method) is not allowed on \(head.path); allowed: \(allowed.joined(separator: ", "))",
                 headers: [(name: "Allow", value: allowed.joined(separator: ", "))])
    }
}
