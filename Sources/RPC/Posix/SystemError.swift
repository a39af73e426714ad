import Foundation

/// A failed system call, with errno captured where it happened.
package struct SystemError: Error, CustomStringConvertible {
    package let call: String
    package let errno: Int32

    package init(_ call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    package var description: String { "\(call) failed: \(String(cString: strerror(errno))) (errno \(errno))" }
}
