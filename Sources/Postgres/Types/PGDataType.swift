/// A PostgreSQL data type, named by its OID (`pg_type.oid`). A struct of static constants
/// so the set can grow; any OID the server reports is representable.
public struct PGDataType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The type's OID.
    public let rawValue: UInt32

    /// The type with OID `rawValue`.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// No type announced: the server infers the parameter's type from where it is used
    /// (OID 0 in `PQprepare`), so one Swift `String` binds to `text`, `varchar`, an enum or `jsonb`.
    public static let unspecified = PGDataType(rawValue: 0)
    /// `bool`
    public static let bool = PGDataType(rawValue: 16)
    /// `bytea`
    public static let bytea = PGDataType(rawValue: 17)
    /// `name`
    public static let name = PGDataType(rawValue: 19)
    /// `int8` (`bigint`)
    public static let int8 = PGDataType(rawValue: 20)
    /// `int2` (`smallint`)
    public static let int2 = PGDataType(rawValue: 21)
    /// `int4` (`integer`)
    public static let int4 = PGDataType(rawValue: 23)
    /// `text`
    public static let text = PGDataType(rawValue: 25)
    /// `oid`
    public static let oid = PGDataType(rawValue: 26)
    /// `json`
    public static let json = PGDataType(rawValue: 114)
    /// `float4` (`real`)
    public static let float4 = PGDataType(rawValue: 700)
    /// `float8` (`double precision`)
    public static let float8 = PGDataType(rawValue: 701)
    /// `unknown`: what the server calls an untyped literal such as `SELECT 'x'`.
    public static let unknown = PGDataType(rawValue: 705)
    /// `bool[]`
    public static let boolArray = PGDataType(rawValue: 1000)
    /// `int2[]`
    public static let int2Array = PGDataType(rawValue: 1005)
    /// `int4[]`
    public static let int4Array = PGDataType(rawValue: 1007)
    /// `text[]`
    public static let textArray = PGDataType(rawValue: 1009)
    /// `varchar[]`
    public static let varcharArray = PGDataType(rawValue: 1015)
    /// `int8[]`
    public static let int8Array = PGDataType(rawValue: 1016)
    /// `bpchar` (`char(n)`)
    public static let bpchar = PGDataType(rawValue: 1042)
    /// `varchar`
    public static let varchar = PGDataType(rawValue: 1043)
    /// `date`
    public static let date = PGDataType(rawValue: 1082)
    /// `timestamp` (without time zone)
    public static let timestamp = PGDataType(rawValue: 1114)
    /// `timestamptz`
    public static let timestamptz = PGDataType(rawValue: 1184)
    /// `numeric`
    public static let numeric = PGDataType(rawValue: 1700)
    /// `uuid`
    public static let uuid = PGDataType(rawValue: 2950)
    /// `uuid[]`
    public static let uuidArray = PGDataType(rawValue: 2951)
    /// `jsonb`
    public static let jsonb = PGDataType(rawValue: 3802)

    private static let names: [UInt32: String] = [
        0: "unspecified", 16: "bool", 17: "bytea", 19: "name", 20: "int8", 21: "int2", 23: "int4",
        25: "text", 26: "oid", 114: "json", 700: "float4", 701: "float8", 705: "unknown",
        1000: "bool[]", 1005: "int2[]", 1007: "int4[]", 1009: "text[]", 1015: "varchar[]",
        1016: "int8[]", 1042: "bpchar", 1043: "varchar", 1082: "date", 1114: "timestamp",
        1184: "timestamptz", 1700: "numeric", 2950: "uuid", 2951: "uuid[]", 3802: "jsonb",
    ]

    /// The type's SQL name for the types above (`numeric`, `text[]`), else `oid <n>`.
    public var description: String { Self.names[rawValue] ?? "oid \(rawValue)" }
}
