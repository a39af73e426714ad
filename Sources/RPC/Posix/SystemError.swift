import Foundation

/// A failed system call, with errno captured where it happened.
struct SystemError: Error, CustomStringConvertible {
    let call: String
    let errno: Int32

    init(_ call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    var description: String { "\(call) failed: \(String(cString: strerror(errno))) (errno \(errno))" }
}
