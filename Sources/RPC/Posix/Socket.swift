import CShims
import Foundation

/// The few socket calls the runtime makes, errno captured at the call.
package enum Socket {
    /// A non-blocking listening TCP socket on `host:port` (port 0 picks one); returns it and the bound port.
    package static func listen(host: String, port: Int, backlog: Int32 = 1024) throws -> (fd: Int32, port: Int) {
        var address = try ipv4(host: host, port: port)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SystemError("socket", errno: errno) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            let error = SystemError("bind \(host):\(port)", errno: errno)
            close(fd)
            throw error
        }
        guard Glibc.listen(fd, backlog) == 0 else {
            let error = SystemError("listen", errno: errno)
            close(fd)
            throw error
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (fd, Int(UInt16(bigEndian: actual.sin_port)))
    }

    /// Accepts one pending connection as a non-blocking socket with TCP_NODELAY, or nil when none is pending.
    package static func accept(_ listener: Int32) -> Int32? {
        while true {
            let fd = cshim_accept(listener)
            if fd >= 0 {
                _ = cshim_set_nodelay(fd)
                return fd
            }
            // EINTR: a signal interrupted the call, not a failure; try again.
            if errno == EINTR { continue }
            return nil
        }
    }

    /// Starts a non-blocking connect; completion is signalled by writability.
    static func connect(host: String, port: Int) throws -> Int32 {
        var address = try ipv4(host: host, port: port)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SystemError("socket", errno: errno) }
        _ = cshim_set_nodelay(fd)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if result != 0 && errno != EINPROGRESS {
            let error = SystemError("connect \(host):\(port)", errno: errno)
            close(fd)
            throw error
        }
        return fd
    }

    /// The pending error of a socket (after a non-blocking connect), 0 if none.
    static func pendingError(_ fd: Int32) -> Int32 {
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
        return error
    }

    /// Splits `host:port`.
    static func split(_ target: String) throws -> (host: String, port: Int) {
        guard let colon = target.lastIndex(of: ":"), let port = Int(target[target.index(after: colon)...]),
              (0...65535).contains(port) else {
            throw RPCError(.invalidArgument, "target \(target) is not host:port")
        }
        return (String(target[..<colon]), port)
    }

    private static func ipv4(host: String, port: Int) throws -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let name = host == "localhost" ? "127.0.0.1" : host
        if inet_pton(AF_INET, name, &address.sin_addr) == 1 { return address }
        // Not a literal address: resolve it (blocking; done before the loop is involved).
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &result) == 0, let first = result else {
            throw RPCError(.unavailable, "cannot resolve host \(host)")
        }
        defer { freeaddrinfo(result) }
        first.pointee.ai_addr.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address.sin_addr = $0.pointee.sin_addr }
        return address
    }
}
