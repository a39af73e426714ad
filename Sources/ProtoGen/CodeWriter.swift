/// Builds Swift source text line by line with four-space indentation.
struct CodeWriter {
    private(set) var text = ""
    private var indentation = 0

    /// Appends one line at the current indentation (an empty line has no trailing spaces).
    mutating func line(_ line: String = "") {
        if line.isEmpty {
            text += "\n"
        } else {
            text += String(repeating: "    ", count: indentation) + line + "\n"
        }
    }

    /// Appends `header {` (or `header { parameters in` for a closure), the body one
    /// level deeper, and `}` plus `trailer`.
    mutating func block(
        _ header: String, in parameters: String? = nil, trailer: String = "", _ body: (inout CodeWriter) throws -> Void
    ) rethrows {
        line(header + " {" + (parameters.map { " \($0) in" } ?? ""))
        indentation += 1
        try body(&self)
        indentation -= 1
        line("}" + trailer)
    }

    /// Appends `switch subject {`, the cases at the same depth (Swift style), and `}`.
    mutating func switchBlock(_ subject: String, _ cases: (inout CodeWriter) throws -> Void) rethrows {
        line("switch \(subject) {")
        try cases(&self)
        line("}")
    }

    /// Appends `case pattern:` and its body one level deeper.
    mutating func switchCase(_ pattern: String, _ body: (inout CodeWriter) throws -> Void) rethrows {
        line(pattern == "default" ? "default:" : "case \(pattern):")
        indentation += 1
        try body(&self)
        indentation -= 1
    }

    /// Appends `///` documentation lines.
    mutating func doc(_ lines: [String]) {
        for text in lines { line(text.isEmpty ? "///" : "/// " + text) }
    }

    /// Removes a trailing empty line, so blocks do not end with one.
    mutating func trimTrailingBlankLine() {
        if text.hasSuffix("\n\n") { text.removeLast() }
    }
}
