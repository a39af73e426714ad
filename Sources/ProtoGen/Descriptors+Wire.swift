/// Decoding of the descriptor.proto messages the generator reads. Unread fields are skipped.

extension FileProto {
    /// Decodes a `FileDescriptorSet` (field 1: repeated `FileDescriptorProto`).
    static func decodeSet(_ bytes: [UInt8]) throws -> [FileProto] {
        var reader = WireReader(bytes[...])
        var files: [FileProto] = []
        while let (number, wireType) = try reader.nextField() {
            if number == 1, wireType == .lengthDelimited {
                files.append(try FileProto(try reader.readLengthDelimited()))
            } else {
                try reader.skip(wireType)
            }
        }
        return files
    }

    init(_ bytes: ArraySlice<UInt8>) throws {
        var reader = WireReader(bytes)
        while let (number, wireType) = try reader.nextField() {
            switch (number, wireType) {
            case (1, .lengthDelimited): name = try reader.readString()
            case (2, .lengthDelimited): package = try reader.readString()
            case (3, .lengthDelimited): dependencies.append(try reader.readString())
            case (4, .lengthDelimited): messages.append(try MessageProto(try reader.readLengthDelimited()))
            case (5, .lengthDelimited): enums.append(try EnumProto(try reader.readLengthDelimited()))
            case (6, .lengthDelimited): services.append(try ServiceProto(try reader.readLengthDelimited()))
            case (9, .lengthDelimited): leadingComments = try Self.comments(try reader.readLengthDelimited())
            case (12, .lengthDelimited): syntax = try reader.readString()
            default: try reader.skip(wireType)
            }
        }
    }

    /// `SourceCodeInfo`: field 1 is `Location` { 1: path (packed int32), 3: leading_comments }.
    private static func comments(_ bytes: ArraySlice<UInt8>) throws -> [[Int32]: String] {
        var reader = WireReader(bytes)
        var comments: [[Int32]: String] = [:]
        while let (number, wireType) = try reader.nextField() {
            guard number == 1, wireType == .lengthDelimited else { try reader.skip(wireType); continue }
            var location = WireReader(try reader.readLengthDelimited())
            var path: [Int32] = []
            var leading: String?
            while let (field, type) = try location.nextField() {
                switch (field, type) {
                case (1, _): path += try location.readInt32s(type)
                case (3, .lengthDelimited): leading = try location.readString()
                default: try location.skip(type)
                }
            }
            if let leading { comments[path] = leading }
        }
        return comments
    }
}

extension MessageProto {
    init(_ bytes: ArraySlice<UInt8>) throws {
        var reader = WireReader(bytes)
        while let (number, wireType) = try reader.nextField() {
            switch (number, wireType) {
            case (1, .lengthDelimited): name = try reader.readString()
            case (2, .lengthDelimited): fields.append(try FieldProto(try reader.readLengthDelimited()))
            case (3, .lengthDelimited): nested.append(try MessageProto(try reader.readLengthDelimited()))
            case (4, .lengthDelimited): enums.append(try EnumProto(try reader.readLengthDelimited()))
            case (7, .lengthDelimited): isMapEntry = try Self.mapEntry(try reader.readLengthDelimited())
            case (8, .lengthDelimited):
                // OneofDescriptorProto { 1: name }
                var oneof = WireReader(try reader.readLengthDelimited())
                var name = ""
                while let (field, type) = try oneof.nextField() {
                    if field == 1, type == .lengthDelimited { name = try oneof.readString() } else { try oneof.skip(type) }
                }
                oneofs.append(name)
            default: try reader.skip(wireType)
            }
        }
    }

    /// `MessageOptions.map_entry` is field 7.
    private static func mapEntry(_ bytes: ArraySlice<UInt8>) throws -> Bool {
        var reader = WireReader(bytes)
        var isMapEntry = false
        while let (number, wireType) = try reader.nextField() {
            if number == 7, wireType == .varint { isMapEntry = try reader.readBool() } else { try reader.skip(wireType) }
        }
        return isMapEntry
    }
}

extension FieldProto {
    init(_ bytes: ArraySlice<UInt8>) throws {
        var reader = WireReader(bytes)
        while let (number, wireType) = try reader.nextField() {
            switch (number, wireType) {
            case (1, .lengthDelimited): name = try reader.readString()
            case (3, .varint): self.number = try reader.readInt32()
            case (4, .varint): isRepeated = try reader.readInt32() == 3
            case (5, .varint):
                let raw = try reader.readInt32()
                guard let kind = Kind(rawValue: raw) else { throw GeneratorError("field \(name): unknown type \(raw)") }
                self.kind = kind
            case (6, .lengthDelimited): typeName = try reader.readString()
            case (9, .varint): oneofIndex = Int(try reader.readInt32())
            case (10, .lengthDelimited): jsonName = try reader.readString()
            case (17, .varint): isProto3Optional = try reader.readBool()
            default: try reader.skip(wireType)
            }
        }
    }
}

extension EnumProto {
    init(_ bytes: ArraySlice<UInt8>) throws {
        var reader = WireReader(bytes)
        while let (number, wireType) = try reader.nextField() {
            switch (number, wireType) {
            case (1, .lengthDelimited): name = try reader.readString()
            case (2, .lengthDelimited):
                var valueReader = WireReader(try reader.readLengthDelimited())
                var value = EnumValueProto()
                while let (field, type) = try valueReader.nextField() {
                    switch (field, type) {
                    case (1, .lengthDelimited): value.name = try valueReader.readString()
                    case (2, .varint): value.number = try valueReader.readInt32()
                    default: try valueReader.skip(type)
                    }
                }
                values.append(value)
            default: try reader.skip(wireType)
            }
        }
    }
}

extension ServiceProto {
    init(_ bytes: ArraySlice<UInt8>) throws {
        var reader = WireReader(bytes)
        while let (number, wireType) = try reader.nextField() {
            switch (number, wireType) {
            case (1, .lengthDelimited): name = try reader.readString()
            case (2, .lengthDelimited): methods.append(try MethodProto(try reader.readLengthDelimited()))
            default: try reader.skip(wireType)
            }
        }
    }
}

extension MethodProto {
    init(_ bytes: ArraySlice<UInt8>) throws {
        var reader = WireReader(bytes)
        while let (number, wireType) = try reader.nextField() {
            switch (number, wireType) {
            case (1, .lengthDelimited): name = try reader.readString()
            case (2, .lengthDelimited): inputType = try reader.readString()
            case (3, .lengthDelimited): outputType = try reader.readString()
            case (4, .lengthDelimited): idempotencyLevel = try Self.idempotencyLevel(try reader.readLengthDelimited())
            case (5, .varint), (6, .varint): isStreaming = try reader.readBool() || isStreaming
            default: try reader.skip(wireType)
            }
        }
    }

    /// `MethodOptions.idempotency_level` is field 34.
    private static func idempotencyLevel(_ bytes: ArraySlice<UInt8>) throws -> Int32 {
        var reader = WireReader(bytes)
        var level: Int32 = 0
        while let (number, wireType) = try reader.nextField() {
            if number == 34, wireType == .varint { level = try reader.readInt32() } else { try reader.skip(wireType) }
        }
        return level
    }
}
