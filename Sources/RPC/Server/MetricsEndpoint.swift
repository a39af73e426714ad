import CShims
import Foundation

/// A plain-HTTP endpoint that answers `GET /metrics` with Prometheus text and
/// `GET /health` with 200 while serving, for scrapers and probes that do not speak
/// the wire protocol. One request per connection; anything else gets 404.
public final class MetricsEndpoint: @unchecked Sendable {
    private let loop: EventLoop
    private let listenerFD: Int32
    private let render: @Sendable () -> String
    private let healthy: @Sendable () -> Bool
    public let port: Int

    public init(host: String = "127.0.0.1", port: Int, metrics: @escaping @Sendable () -> String,
                healthy: @escaping @Sendable () -> Bool = { true }) throws {
        (listenerFD, self.port) = try Socket.listen(host: host, port: port)
        loop = EventLoopGroup.shared.loops[0]
        render = metrics
        self.healthy = healthy
        let acceptor = Acceptor(endpoint: self)
        let fd = listenerFD
        let loop = self.loop
        loop.execute { try? loop.register(fd: fd, events: CSHIM_EPOLLIN, handler: acceptor) }
    }

    public func close() {
        let fd = listenerFD
        loop.execute {
            self.loop.deregisterAndClose(fd: fd)
        }
    }

    private final class Acceptor: EventHandler {
        let endpoint: MetricsEndpoint
        init(endpoint: MetricsEndpoint) { self.endpoint = endpoint }
        func handleEvents(_ events: UInt32) {
            while let fd = Socket.accept(endpoint.listenerFD) {
                let exchange = Exchange(fd: fd, endpoint: endpoint)
                do {
                    try endpoint.loop.register(fd: fd, events: CSHIM_EPOLLIN, handler: exchange)
                    endpoint.loop.schedule(at: Deadline.after(.seconds(5)).nanoseconds) { exchange.finish() }
                } catch {
                    Glibc.close(fd)
                }
            }
        }
    }

    private final class Exchange: EventHandler {
        let fd: Int32
        let endpoint: MetricsEndpoint
        var request: [UInt8] = []
        var done = false

        init(fd: Int32, endpoint: MetricsEndpoint) {
            self.fd = fd
            self.endpoint = endpoint
        }

        func handleEvents(_ events: UInt32) {
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && (errno == EAGAIN || errno == EINTR) { return }
            guard count > 0, request.count < 8192 else { return finish() }
            request += chunk[0..<count]
            guard request.count >= 4, request.suffix(4) == [13, 10, 13, 10] else { return }
            let line = String(decoding: request.prefix { $0 != 13 }, as: UTF8.self)
            let response: String
            if line.hasPrefix("GET /metrics ") {
                response = Self.http(200, "text/plain; version=0.0.4", endpoint.render())
            } else if line.hasPrefix("GET /health ") {
                response = endpoint.healthy() ? Self.http(200, "text/plain", "ok\n") : Self.http(503, "text/plain", "draining\n")
            } else {
                response = Self.http(404, "text/plain", "not found\n")
            }
            // Small responses on loopback: a blocking-style write loop is enough here.
            var bytes = Array(response.utf8)[...]
            while !bytes.isEmpty {
                let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                if written <= 0 { break }
                bytes = bytes.dropFirst(written)
            }
            finish()
        }

        func finish() {
            guard !done else { return }
            done = true
            endpoint.loop.deregisterAndClose(fd: fd)
        }

        static func http(_ status: Int, _ type: String, _ body: String) -> String {
            let reason = [200: "OK", 404: "Not Found", 503: "Service Unavailable"][status] ?? ""
            return "HTTP/1.1 \(status) \(reason)\r\nContent-Type: \(type)\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        }
    }
}
