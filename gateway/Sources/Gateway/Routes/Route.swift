import RPCCore

/// One line of the REST surface (DESIGN D7): method and path template, the RPC it becomes,
/// how the request binds to the RPC's message, who may call it and what success looks like.
public struct Route: Sendable {
    /// How the HTTP request's body becomes the RPC request.
    public enum Body: Sendable, Equatable {
        /// No body is read; members come from the path and the query.
        case none
        /// A JSON object whose members are the request message's fields.
        case json
        /// `multipart/form-data`: file parts become bytes fields, other parts JSON members.
        case multipart
    }

    /// How the RPC response becomes the envelope's content.
    public enum Shape: Sendable, Equatable {
        /// The response message is `data`.
        case object
        /// The response's `data` list and its `pagination` or `cursorPagination` become the
        /// envelope's `data` and `pagination` (003 §1.5).
        case page
        /// No body (204).
        case empty
        /// A file, fetched through the RPC in consecutive ranges (`offset`, `maxBytes`).
        case download
        /// The response message is the whole body, no envelope: 001's routes, whose answers
        /// carry their own `success` and `message`.
        case bare
    }

    /// The rate-limit category of 003 §16.2.
    public enum RateCategory: String, Sendable {
        case read, write, delete, search, ai, bulk, export, auth, webhook, health

        /// Whether a tenant's requests of this category count against its limits (003 §16.2):
        /// public auth routes are limited per address, provider webhooks and health not at all.
        public var hasTenantLimits: Bool { self != .auth && self != .webhook && self != .health }
    }

    /// Whether a request must carry an access token.
    public enum Authentication: Sendable, Equatable {
        /// `Authorization: Bearer <JWT>`, verified at the edge (the default).
        case token
        /// Public: no token is read and no caller is sent (login, refresh, logout, whose
        /// credentials are in the body). Such a route has no scopes.
        case none
    }

    /// A value the gateway knows about the request and sets into a request field, so a
    /// client cannot choose it (a body naming the field is VAL_UNKNOWN_FIELD).
    public enum ServerValue: Sendable, Equatable {
        /// The TCP peer's address without its port (the client's IP; no forwarding header is trusted).
        case clientAddress
        /// The `User-Agent` header, at most 512 bytes, empty when absent.
        case userAgent
    }

    /// A per-client-address fixed-window limit (003 §16.2 "Special Endpoints", §16.4). Routes
    /// naming the same limit `name` share one counter per address (the login alias counts
    /// with the login).
    public struct ClientLimit: Sendable, Equatable {
        public var name: String
        public var requests: Int
        public var window: Duration

        public init(name: String, requests: Int, window: Duration) {
            self.name = name
            self.requests = requests
            self.window = window
        }
    }

    public var method: String
    /// Segments, `:name` binding the request field with that JSON name (`/api/v1/products/:id`).
    public let path: String
    public var rpc: MethodDescriptor
    /// Fully qualified request and response message types.
    public var requestType: String
    public var responseType: String
    /// Whether the route needs an access token; `.none` routes are public.
    public var authentication: Authentication
    /// Permission scopes a caller needs, all of them (003 §2.3). Empty: any authenticated caller.
    public var scopes: [String]
    /// Request fields (JSON names) the gateway sets from the connection, e.g.
    /// `["ipAddress": .clientAddress, "userAgent": .userAgent]`.
    public var serverFields: [String: ServerValue]
    /// The per-address limit checked before anything else, if any.
    public var clientLimit: ClientLimit?
    public var rateCategory: RateCategory
    /// A per-tenant limit of this endpoint on top of its category's (003 §16.2 "Special
    /// Endpoints"); `Gateway` sets it from `RateLimitPolicy.endpoints`.
    public var tenantLimit: RateLimit?
    public var successStatus: Int
    public var body: Body
    public var shape: Shape
    /// Query parameter defaults applied when absent (003 §1.4: page 1, limit 25).
    public var queryDefaults: [String: String]
    /// Upper bounds of integer query parameters (limit ≤ 100), answered VAL_OUT_OF_RANGE.
    public var queryMaximums: [String: Int]
    /// Largest request body accepted, in bytes.
    public var bodyLimit: Int
    /// How long the RPC may take.
    public var deadline: Duration
    /// One line for the OpenAPI document.
    public var summary: String
    /// The OpenAPI tag (the seed's section).
    public var tag: String

    public init(_ method: String, _ path: String, _ rpc: MethodDescriptor, request: String, response: String,
                authentication: Authentication = .token, scopes: [String], serverFields: [String: ServerValue] = [:],
                clientLimit: ClientLimit? = nil, rate: RateCategory, status: Int = 200, body: Body = .none, shape: Shape = .object,
                defaults: [String: String] = [:], maximums: [String: Int] = [:], bodyLimit: Int = 1 << 20,
                deadline: Duration = .seconds(10), summary: String, tag: String) {
        self.method = method
        self.path = path
        self.rpc = rpc
        requestType = request
        responseType = response
        self.authentication = authentication
        self.scopes = scopes
        self.serverFields = serverFields
        self.clientLimit = clientLimit
        rateCategory = rate
        successStatus = status
        self.body = body
        self.shape = shape
        queryDefaults = defaults
        queryMaximums = maximums
        self.bodyLimit = bodyLimit
        self.deadline = deadline
        self.summary = summary
        self.tag = tag
        pathParameters = path.split(separator: "/").filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
    }

    /// The `:name` segments of the path, in order.
    public let pathParameters: [String]

    /// The seed's list paging: page 1, limit 25 of at most 100 (003 §1.4).
    public static let paging: (defaults: [String: String], maximums: [String: Int]) = (["page": "1", "limit": "25"], ["limit": 100])
}
