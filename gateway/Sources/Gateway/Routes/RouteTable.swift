import RPCCore

/// The routes, checked once against the generated metadata and indexed for matching.
public struct RouteTable: Sendable {
    /// A route found for a request, with its path parameters' values (percent-decoded).
    public struct Match: Sendable {
        public var route: Route
        public var parameters: [(name: String, value: String)]
    }

    /// What a path without a matching method resolves to.
    public enum Lookup: Sendable {
        case found(Match)
        /// The path exists for other methods only (405 with `Allow`).
        case methodNotAllowed(allowed: [String])
        case notFound
    }

    private struct Compiled: Sendable {
        var route: Route
        /// nil for a parameter segment.
        var segments: [String?]
        var utf8Segments: [[UInt8]?]
        /// Literal segments first: `/products/search` wins over `/products/:id`.
        var specificity: [Bool]
    }

    public let routes: [Route]
    private let compiled: [Compiled]

    /// Checks every route against `registry`; throws naming the first route that names an
    /// unknown method, message or field, so a bad table stops the gateway at start.
    public init(_ routes: [Route], registry: SchemaRegistry) throws(RouteTableError) {
        var seen = Set<String>()
        var limits: [String: Route.ClientLimit] = [:]
        for route in routes {
            try Self.validate(route, registry: registry)
            if let limit = route.clientLimit {
                // One counter per name: two routes sharing it must agree on its size.
                if let other = limits[limit.name], other != limit { throw RouteTableError(route, "declares limit \(limit.name) unlike another route") }
                limits[limit.name] = limit
            }
            let key = route.method + " " + route.path.split(separator: "/").map { $0.hasPrefix(":") ? ":" : $0 }.joined(separator: "/")
            guard seen.insert(key).inserted else { throw RouteTableError(route, "is declared twice") }
        }
        self.routes = routes
        compiled = routes.map { route in
            let segments: [String?] = route.path.split(separator: "/").map { $0.hasPrefix(":") ? nil : String($0) }
            return Compiled(route: route, segments: segments, utf8Segments: segments.map { $0.map { Array($0.utf8) } },
                            specificity: segments.map { $0 != nil })
        }
    }

    /// The route for `method` and `path` (without the query). Segments are compared as UTF-8
    /// bytes; only a parameter is decoded into a String.
    public func lookup(method: String, path: Substring) -> Lookup {
        let bytes = path.utf8
        guard bytes.first == UInt8(ascii: "/") else { return .notFound }
        let requested = bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).dropFirst()
        var best: (Compiled, [Substring.UTF8View.SubSequence])?
        var allowed: [String] = []
        for candidate in compiled where candidate.segments.count == requested.count {
            var parameters: [Substring.UTF8View.SubSequence] = []
            var matches = true
            for (segment, actual) in zip(candidate.utf8Segments, requested) {
                if let literal = segment {
                    if !literal.elementsEqual(actual) { matches = false; break }
                } else {
                    guard !actual.isEmpty else { matches = false; break }
                    parameters.append(actual)
                }
            }
            guard matches else { continue }
            if candidate.route.method != method && !(method == "HEAD" && candidate.route.method == "GET") {
                if !allowed.contains(candidate.route.method) { allowed.append(candidate.route.method) }
                continue
            }
            if let current = best, !current.0.specificity.lexicographicallyPrecedes(candidate.specificity, by: { !$0 && $1 }) {
                continue
            }
            best = (candidate, parameters)
        }
        if let (compiled, raw) = best {
            var parameters: [(name: String, value: String)] = []
            for (name, value) in zip(compiled.route.pathParameters, raw) {
                guard let decoded = PercentDecoding.decode(Substring(value)) else { return .notFound }
                parameters.append((name: name, value: decoded))
            }
            return .found(Match(route: compiled.route, parameters: parameters))
        }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed: allowed)
    }

    private static func validate(_ route: Route, registry: SchemaRegistry) throws(RouteTableError) {
        guard let (_, method) = registry.method(route.rpc.path) else {
            throw RouteTableError(route, "names \(route.rpc.path), which no service in the metadata has")
        }
        guard method.inputType == route.requestType, method.outputType == route.responseType else {
            throw RouteTableError(route, "says \(route.requestType) -> \(route.responseType), but \(route.rpc.path) is \(method.inputType) -> \(method.outputType)")
        }
        guard let request = registry.messages[route.requestType], let response = registry.messages[route.responseType] else {
            throw RouteTableError(route, "names a message the metadata lacks")
        }
        for name in route.pathParameters {
            guard let field = request.fields.first(where: { $0.jsonName == name }), field.kind == .string, !field.repeated else {
                throw RouteTableError(route, "binds :\(name), which is no string field of \(route.requestType)")
            }
        }
        for name in Set(route.queryDefaults.keys).union(route.queryMaximums.keys) where request.fields.first(where: { $0.jsonName == name }) == nil {
            throw RouteTableError(route, "sets a default or bound for \(name), which is no field of \(route.requestType)")
        }
        if route.authentication == .none && !route.scopes.isEmpty {
            throw RouteTableError(route, "is public but names scopes")
        }
        for (name, _) in route.serverFields {
            guard let field = request.fields.first(where: { $0.jsonName == name }), field.kind == .string, !field.repeated,
                  !route.pathParameters.contains(name) else {
                throw RouteTableError(route, "sets \(name), which is no string field of \(route.requestType) outside the path")
            }
        }
        if let limit = route.clientLimit {
            let (seconds, attoseconds) = limit.window.components
            guard limit.requests > 0, seconds > 0, attoseconds == 0 else {
                throw RouteTableError(route, "has limit \(limit.name), which needs a positive count and a window of whole seconds")
            }
        }
        switch route.shape {
        case .page:
            guard response.fields.contains(where: { $0.jsonName == "data" && $0.repeated }) else {
                throw RouteTableError(route, "is a page, but \(route.responseType) has no repeated data field")
            }
        case .download:
            for name in ["content", "contentType", "offset", "totalSize"] where response.fields.first(where: { $0.jsonName == name }) == nil {
                throw RouteTableError(route, "is a download, but \(route.responseType) has no \(name)")
            }
            for name in ["offset", "maxBytes"] where request.fields.first(where: { $0.jsonName == name }) == nil {
                throw RouteTableError(route, "is a download, but \(route.requestType) has no \(name)")
            }
        case .object, .empty, .bare:
            break
        }
        if route.body == .multipart && !request.fields.contains(where: { $0.kind == .bytes }) {
            throw RouteTableError(route, "takes multipart/form-data, but \(route.requestType) has no bytes field for the file")
        }
        if route.method == "GET" || route.method == "DELETE", route.body != .none {
            throw RouteTableError(route, "reads a body on \(route.method)")
        }
    }
}

/// Why the route table was refused at start.
public struct RouteTableError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ route: Route, _ problem: String) {
        description = "route \(route.method) \(route.path) \(problem)"
    }
}
