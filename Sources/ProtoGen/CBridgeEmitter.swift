/// Emits a message's `ProtoCMessage` conformance: copying from an unpacked protobuf-c
/// struct (`init(cMessage:)`) and filling one to pack (`fillCMessage(_:arena:)`).
struct CBridgeEmitter {
    let plan: MessagePlan

    func emit(into writer: inout CodeWriter) {
        writer.block("extension \(plan.swiftPath): ProtoCMessage") { writer in
            writer.line("package typealias CMessage = \(plan.cType)")
            writer.line()
            writer.block("package static func cInitialize(_ message: UnsafeMutablePointer<CMessage>)") {
                $0.line("\(plan.cInit)(message)")
            }
            writer.line()
            writer.block("package init(cMessage c: UnsafePointer<CMessage>)") { writer in
                writer.line("self.init()")
                for member in plan.members { decode(member, into: &writer) }
            }
            writer.line()
            writer.block("package func fillCMessage(_ c: UnsafeMutablePointer<CMessage>, arena: ProtoArena)") { writer in
                for member in plan.members { encode(member, into: &writer) }
            }
        }
    }

    // MARK: C → Swift

    private func decode(_ member: MessagePlan.Member, into writer: inout CodeWriter) {
        switch member {
        case .field(let field):
            let c = "c.pointee.\(field.cName)"
            let count = "c.pointee.\(field.cCount)"
            switch field.shape {
            case .singular(.message(let swift)):
                writer.line("self.\(field.name) = CRead.message(\(c), as: \(swift).self)")
            case .singular(let value):
                writer.line("self.\(field.name) = \(value.fromC(c))")
            case .repeated(.message(let swift)):
                writer.line("self.\(field.name) = CRead.messages(\(c), \(count), as: \(swift).self)")
            case .repeated(let value) where value.isBitwiseCopyable:
                writer.line("self.\(field.name) = Array(CRead.buffer(\(c), \(count)))")
            case .repeated(let value):
                writer.line("self.\(field.name) = CRead.buffer(\(c), \(count)).map { \(value.fromC("$0")) }")
            case .map(let key, let value, _, _):
                writer.block("for entry in CRead.buffer(\(c), \(count))") { writer in
                    writer.line("guard let entry else { continue }")
                    let decodedValue: String
                    if case .message(let swift) = value {
                        decodedValue = "CRead.message(entry.pointee.value, as: \(swift).self) ?? \(swift)()"
                    } else {
                        decodedValue = value.fromC("entry.pointee.value")
                    }
                    writer.line("self.\(field.name)[\(key.fromC("entry.pointee.key"))] = \(decodedValue)")
                }
            }
        case .oneof(let oneof):
            writer.switchBlock("c.pointee.\(oneof.cCase).rawValue") { writer in
                for member in oneof.members {
                    guard case .singular(let value) = member.shape else { continue }
                    let c = "c.pointee.\(member.cName)"
                    writer.switchCase("\(member.proto.number)") { writer in
                        if case .message(let swift) = value {
                            writer.line("self.\(oneof.name) = CRead.message(\(c), as: \(swift).self).map { .\(member.name)($0) }")
                        } else {
                            writer.line("self.\(oneof.name) = .\(member.name)(\(value.fromC(c)))")
                        }
                    }
                }
                writer.switchCase("default") { $0.line("break") }
            }
        }
    }

    // MARK: Swift → C

    private func encode(_ member: MessagePlan.Member, into writer: inout CodeWriter) {
        switch member {
        case .field(let field):
            let c = "c.pointee.\(field.cName)"
            let count = "c.pointee.\(field.cCount)"
            let swift = "self.\(field.name)"
            switch field.shape {
            case .singular(.message):
                writer.line("if let value = \(swift) { \(c) = arena.message(value) }")
            case .singular(let value):
                writer.line("\(c) = \(value.toC(swift))")
            case .repeated(let value) where value.isBitwiseCopyable:
                writer.line("\(count) = \(swift).count")
                writer.line("\(c) = arena.array(\(swift))")
            case .repeated(let value):
                writer.line("\(count) = \(swift).count")
                writer.line("\(c) = arena.array(\(swift)) { \(value.toC("$0")) }")
            case .map(let key, let value, let entryCType, let entryCInit):
                writer.line("\(count) = \(swift).count")
                writer.block("\(c) = arena.array(ProtoMapOrder.sorted(\(swift)))",
                             in: "entry -> UnsafeMutablePointer<\(entryCType)>?") { writer in
                    writer.block("arena.entry(\(entryCInit))", in: "cEntry") { writer in
                        writer.line("cEntry.pointee.key = \(key.toC("entry.key"))")
                        writer.line("cEntry.pointee.value = \(value.toC("entry.value"))")
                    }
                }
            }
        case .oneof(let oneof):
            writer.switchBlock("self.\(oneof.name)") { writer in
                for member in oneof.members {
                    guard case .singular(let value) = member.shape else { continue }
                    writer.switchCase(".\(member.name)(let value)?") { writer in
                        writer.line("c.pointee.\(oneof.cCase) = .init(rawValue: \(member.proto.number))")
                        writer.line("c.pointee.\(member.cName) = \(value.toC("value"))")
                    }
                }
                writer.switchCase("nil") { $0.line("break") }
            }
        }
    }
}
