/// Every message and enum of the descriptor set by fully qualified name, with the
/// Swift and C names generated code uses for it.
struct TypeTable {
    /// One message or enum.
    struct Entry {
        enum Kind {
            case message(MessageProto)
            case enumeration(EnumProto)
        }

        /// Fully qualified, without the leading dot (`cerniq.testing.v1.Sample.Inner`).
        let fullName: String
        let kind: Kind
        /// The Swift module that declares it (`TestingAPI`).
        let module: String
        /// The Swift type path inside that module (`Sample.Inner`).
        let swiftPath: String
        /// The source location path of its declaration, for comments.
        let path: [Int32]
        /// The proto file that declares it.
        let file: String
    }

    private(set) var entries: [String: Entry] = [:]
    /// Message → messages it holds inline (singular and oneof message fields).
    private var inlineEdges: [String: [String]] = [:]

    init(files: [FileProto]) throws {
        for file in files {
            guard let module = try? Naming.module(forPackage: file.package).module else {
                throw GeneratorError("\(file.name): package `\(file.package)` is not cerniq.<area>.v<N>; only such files are "
                                     + "generated and importable (use cerniq.common.v1 instead of google.protobuf types)")
            }
            for (index, message) in file.messages.enumerated() {
                try register(message, scope: file.package, swiftScope: "", module: module, path: [4, Int32(index)], file: file.name)
            }
            for (index, proto) in file.enums.enumerated() {
                try add(Entry(fullName: file.package + "." + proto.name, kind: .enumeration(proto), module: module,
                              swiftPath: Naming.type(proto.name), path: [5, Int32(index)], file: file.name))
            }
        }
    }

    /// The entry for a field's or method's `type_name` (with or without the leading dot).
    func entry(_ typeName: String) throws -> Entry {
        let name = typeName.hasPrefix(".") ? String(typeName.dropFirst()) : typeName
        guard let entry = entries[name] else { throw GeneratorError("unknown type \(typeName)") }
        return entry
    }

    /// The Swift spelling of a type used from `module`: qualified by module when declared elsewhere.
    func swiftType(_ typeName: String, from module: String) throws -> String {
        let entry = try entry(typeName)
        return entry.module == module ? entry.swiftPath : entry.module + "." + entry.swiftPath
    }

    /// True when a value of `typeName` holds, through singular fields, a value of `container`:
    /// a field of that type inside `container` must then be boxed, or the struct would be infinite.
    func reaches(_ typeName: String, _ container: String) -> Bool {
        let start = typeName.hasPrefix(".") ? String(typeName.dropFirst()) : typeName
        var seen: Set<String> = []
        var stack = [start]
        while let current = stack.popLast() {
            if current == container { return true }
            guard seen.insert(current).inserted else { continue }
            stack += inlineEdges[current] ?? []
        }
        return false
    }

    private mutating func register(
        _ message: MessageProto, scope: String, swiftScope: String, module: String, path: [Int32], file: String
    ) throws {
        let fullName = scope + "." + message.name
        let swiftPath = swiftScope.isEmpty ? Naming.type(message.name) : swiftScope + "." + Naming.type(message.name)
        try add(Entry(fullName: fullName, kind: .message(message), module: module, swiftPath: swiftPath, path: path, file: file))
        inlineEdges[fullName] = message.fields.filter { $0.kind == .message && !$0.isRepeated }
            .map { String($0.typeName.dropFirst()) }
        for (index, nested) in message.nested.enumerated() {
            try register(nested, scope: fullName, swiftScope: swiftPath, module: module, path: path + [3, Int32(index)], file: file)
        }
        for (index, proto) in message.enums.enumerated() {
            try add(Entry(fullName: fullName + "." + proto.name, kind: .enumeration(proto), module: module,
                          swiftPath: swiftPath + "." + Naming.type(proto.name), path: path + [4, Int32(index)], file: file))
        }
    }

    private mutating func add(_ entry: Entry) throws {
        guard entries[entry.fullName] == nil else { throw GeneratorError("\(entry.fullName) is declared twice") }
        entries[entry.fullName] = entry
    }
}
