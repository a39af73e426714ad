import Testing
import RPC
import ProtoJSON
@testable import CLI

/// A server stand-in for the commands: fixed services, schema and health, and a caller.
struct FakeServer: ServerConnection {
    var caller: any RPCCaller
    var services = ["cerniq.testing.v1.TestService"]
    var health = "SERVING"
    var registry = FakeServer.schema

    static let schema = SchemaRegistry(
        messages: [
            MessageSchema(name: "t.EchoRequest", fields: [
                FieldSchema(number: 1, name: "payload", jsonName: "payload", kind: .bytes),
                FieldSchema(number: 2, name: "text", jsonName: "text", kind: .string),
                FieldSchema(number: 3, name: "unit_count", jsonName: "unitCount", kind: .int32, required: true),
                FieldSchema(number: 4, name: "priority", jsonName: "priority", kind: .enumeration, typeName: "t.Priority"),
                FieldSchema(number: 5, name: "labels", jsonName: "labels", kind: .message, repeated: true, typeName: "t.EchoRequest.LabelsEntry"),
                FieldSchema(number: 6, name: "note", jsonName: "note", kind: .string, oneof: "extra"),
            ]),
            MessageSchema(name: "t.EchoRequest.LabelsEntry", fields: [
                FieldSchema(number: 1, name: "key", jsonName: "key", kind: .string),
                FieldSchema(number: 2, name: "value", jsonName: "value", kind: .string),
            ], isMapEntry: true),
        ],
        enums: [EnumSchema(name: "t.Priority", values: [
            .init(name: "PRIORITY_UNSPECIFIED", number: 0, json: "unspecified"), .init(name: "PRIORITY_URGENT_NOW", number: 3, json: "urgent"),
        ])],
        services: [ServiceSchema(name: "t.Test", methods: [
            MethodSchema(name: "Echo", inputType: "t.EchoRequest", outputType: "t.EchoRequest", idempotent: true),
            MethodSchema(name: "Fail", inputType: "t.EchoRequest", outputType: "t.EchoRequest", idempotent: false),
        ])])

    func listServices(options: CallOptions) async throws -> [String] { services }
    func describe(_ symbol: String, options: CallOptions) async throws -> SchemaRegistry {
        guard registry.services[symbol] != nil || registry.messages[symbol] != nil || registry.enums[symbol] != nil else {
            throw RPCError(.notFound, "no symbol \(symbol)")
        }
        return registry
    }
    func checkHealth(service: String, options: CallOptions) async throws -> String { health }
    func close() {}
}

/// Echo returns the request; Fail fails with details; everything else is UNIMPLEMENTED.
struct EchoCaller: RPCCaller {
    func call(_ method: MethodDescriptor, request: [UInt8], options: CallOptions) async throws -> [UInt8] {
        switch method.method {
        case "Echo":
            guard method.idempotent, options.metadata.tenant == "t1" || options.metadata.isEmpty else {
                throw RPCError(.failedPrecondition, "descriptor or metadata lost")
            }
            return request
        case "Fail":
            let details = try JSONTranscoder(registry: ErrorFormatter.statusDetailsRegistry).encode(
                json: #"{"code":"VAL_DUPLICATE","message":"already there","violations":[{"field":"text","code":"VAL_DUPLICATE"}]}"#,
                messageType: ErrorFormatter.statusDetailsType)
            throw RPCError(.alreadyExists, "duplicate", details: details)
        default:
            throw RPCError(.unimplemented, "no such method")
        }
    }
}

@Suite struct CommandTests {
    let tool = CommandLineTool(commands: [ListCommand.self, DescribeCommand.self, CallCommand.self, HealthCommand.self, LoadCommand.self])

    func run(_ arguments: [String], server: FakeServer = FakeServer(caller: EchoCaller()), stdin: String = "")
        async -> (Int32, Console.Captured) {
        let (console, captured) = Console.capturing()
        let context = CommandContext(environment: [:], console: console, readStandardInput: { Array(stdin.utf8) },
                                     standardInputIsTerminal: false, connect: { _ in server }, processorCount: 2)
        return (await tool.run(arguments, context: context), captured)
    }

    @Test func printsTheCommandList_forHelpAndExits0() async {
        let (status, output) = await run(["--help"])
        #expect(status == 0)
        #expect(output.standardOutput.contains("  load      Load-test one method"))
    }

    @Test func exits2_forNoCommandOrAnUnknownOne() async {
        #expect(await run([]).0 == 2)
        let (status, output) = await run(["frobnicate"])
        #expect(status == 2)
        #expect(output.standardError.contains("unknown command 'frobnicate'"))
    }

    @Test(arguments: ["list", "describe", "call", "health", "load"])
    func printsHelpForEachCommand(_ name: String) async {
        let (status, output) = await run([name, "--help"])
        #expect(status == 0)
        #expect(output.standardOutput.hasPrefix("Usage: cerniq \(name)"))
        #expect(output.standardOutput.contains("--target HOST:PORT"))
    }

    @Test func exits2WithUsage_forABadOption() async {
        let (status, output) = await run(["call", "t.Test/Echo", "--bogus"])
        #expect(status == 2)
        #expect(output.standardError.contains("cerniq call: unknown option --bogus"))
        #expect(output.standardError.contains("Usage: cerniq call SERVICE/METHOD"))
    }

    @Test func listsServices() async {
        let (status, output) = await run(["list"])
        #expect(status == 0)
        #expect(output.standardOutput == "cerniq.testing.v1.TestService\n")
        #expect(await run(["list", "--json"]).1.standardOutput == "[\"cerniq.testing.v1.TestService\"]\n")
    }

    @Test func describesAServiceAMessageAndAnEnum() async {
        #expect(await run(["describe", "t.Test"]).1.standardOutput == """
            service t.Test
              rpc Echo(t.EchoRequest) returns (t.EchoRequest)  [idempotent]
              rpc Fail(t.EchoRequest) returns (t.EchoRequest)

            """)
        #expect(await run(["describe", "t.EchoRequest"]).1.standardOutput == """
            message t.EchoRequest
              1  payload                 bytes
              2  text                    string
              3  unitCount (unit_count)  int32                required
              4  priority                enum t.Priority
              5  labels                  map<string, string>
              6  note                    string               oneof extra

            """)
        #expect(await run(["describe", "t.Priority"]).1.standardOutput == """
            enum t.Priority
              0  PRIORITY_UNSPECIFIED  "unspecified"
              3  PRIORITY_URGENT_NOW   "urgent"

            """)
    }

    @Test func describesAsJSON() async throws {
        let (status, output) = await run(["describe", "t.Priority", "--json"])
        #expect(status == 0)
        let json = try JSONParser.parse(output.standardOutput)
        #expect(json["kind"] == .string("enum"))
        #expect(json["values"] == .array([
            .object([.init("name", .string("PRIORITY_UNSPECIFIED")), .init("number", .number("0")), .init("json", .string("unspecified"))]),
            .object([.init("name", .string("PRIORITY_URGENT_NOW")), .init("number", .number("3")), .init("json", .string("urgent"))]),
        ]))
    }

    @Test func exits1_forAnUnknownSymbol() async {
        let (status, output) = await run(["describe", "t.Nope"])
        #expect(status == 1)
        #expect(output.standardError == "ERROR NOT_FOUND: no symbol t.Nope\n")
    }

    @Test func callsAMethodWithJSON_andPrintsThePrettyResponse() async {
        let (status, output) = await run(["call", "t.Test/Echo", "--metadata", "tenant=t1", "--data",
                                          #"{"unit_count":"3","text":"hi","priority":"urgent","labels":{"a":"b"},"note":""}"#])
        #expect(status == 0)
        #expect(output.standardOutput == """
            {
              "text": "hi",
              "unitCount": 3,
              "priority": "urgent",
              "labels": {
                "a": "b"
              },
              "note": ""
            }

            """)
    }

    @Test func readsTheRequestFromStandardInput() async {
        let (status, output) = await run(["call", "t.Test/Echo"], stdin: #"{"unitCount":1}"#)
        #expect(status == 0)
        #expect(output.standardOutput == "{\n  \"unitCount\": 1\n}\n")
    }

    @Test func printsZeroValues_withEmitDefaults() async {
        let (_, output) = await run(["call", "t.Test/Echo", "--emit-defaults", "--data", #"{"unitCount":1}"#])
        #expect(output.standardOutput.contains("\"text\": \"\""))
    }

    @Test func printsTheErrorCodeAndDecodedDetails_andExits1() async {
        let (status, output) = await run(["call", "t.Test/Fail", "--data", #"{"unitCount":1}"#])
        #expect(status == 1)
        #expect(output.standardError == """
            ERROR ALREADY_EXISTS: duplicate
            details: {"code":"VAL_DUPLICATE","message":"already there","violations":[{"field":"text","code":"VAL_DUPLICATE"}]}

            """)
    }

    @Test func reportsEveryViolationOfAnInvalidRequest_andExits2WithoutCalling() async {
        let (status, output) = await run(["call", "t.Test/Echo", "--data", #"{"text":5,"priority":"meh"}"#])
        #expect(status == 2)
        #expect(output.standardError == """
            invalid request: VAL_MULTIPLE_ERRORS: validation failed with 3 errors
              text: VAL_INVALID_TYPE expected a string, got number
              unitCount: VAL_REQUIRED_FIELD unitCount is required
              priority: VAL_INVALID_ENUM "meh" is not one of: unspecified, urgent

            """)
    }

    @Test func exits2_forRequestTextThatIsNotJSON() async {
        let (status, output) = await run(["call", "t.Test/Echo", "--data", "{"])
        #expect(status == 2)
        #expect(output.standardError.contains("the request is not JSON"))
    }

    @Test func exits1_forAMethodTheServiceLacks() async {
        let (status, output) = await run(["call", "t.Test/Nope", "--data", "{}"])
        #expect(status == 1)
        #expect(output.standardError == "t.Test has no method Nope (it has: Echo, Fail)\n")
    }

    @Test func exits0OnlyWhenServing() async {
        let serving = await run(["health"])
        #expect(serving.0 == 0)
        #expect(serving.1.standardOutput == "SERVING\n")
        let notServing = await run(["health", "t.Test"], server: FakeServer(caller: EchoCaller(), health: "NOT_SERVING"))
        #expect(notServing.0 == 1)
        #expect(notServing.1.standardOutput == "NOT_SERVING\n")
    }

    @Test func loadTestsAMethod_andPrintsTheJSONReport() async throws {
        let (status, output) = await run(["load", "t.Test/Echo", "--count", "500", "--concurrency", "4", "--quiet", "--json",
                                          "--data", #"{"unitCount":"{{randomInt:1:9}}","text":"{{uuid}}"}"#])
        #expect(status == 0)
        let report = try JSONParser.parse(output.standardOutput)
        #expect(report["requests"] == .number("500"))
        #expect(report["statuses"] == .object([.init("OK", .number("500"))]))
        #expect(output.standardOutput.split(separator: "\n").count == 1)
    }

    @Test func rejectsATemplateThatCannotEncode_asAUsageError() async {
        let (status, output) = await run(["load", "t.Test/Echo", "--count", "5", "--quiet", "--data", #"{"unitCount":"{{uuid}}"}"#])
        #expect(status == 2)
        #expect(output.standardError.contains("VAL_INVALID_TYPE"))
    }

    @Test(arguments: [
        ["--rate", "10", "--concurrency", "2"], ["--count", "5", "--duration", "1s"], ["--max-outstanding", "5"],
        ["--rate", "0"], ["--concurrency", "-1"], ["--duration", "0s"], ["--connections", "x"],
    ])
    func rejectsContradictoryLoadOptions(_ options: [String]) async {
        #expect(await run(["load", "t.Test/Echo", "--quiet"] + options).0 == 2)
    }

    @Test func plansAnOpenLoopFromItsOptions() throws {
        let arguments = try LoadCommand.parser.parse(["x/y", "--rate", "2000", "--max-outstanding", "64", "--duration", "3s",
                                                      "--warmup", "500ms"])
        let plan = try LoadCommand.makePlan(arguments, processorCount: 4)
        #expect(plan == LoadPlan(mode: .open(rate: 2000, maxOutstanding: 64), stop: .duration(.seconds(3)), warmup: .milliseconds(500),
                                 lanes: 4))
    }
}

@Suite struct ErrorFormatterTests {
    @Test func printsASingleViolationOnOneLine() {
        let error = TranscodingError(field: "items[2].quantity", code: .outOfRange, message: "too big")
        #expect(ErrorFormatter.describe(error) == "invalid request: items[2].quantity: VAL_OUT_OF_RANGE too big")
        #expect(ErrorFormatter.describe(TranscodingError(code: .malformedJSON, message: "bad")) == "invalid request: VAL_MALFORMED_JSON bad")
    }

    @Test func saysWhenDetailsAreNotAStatusDetails() {
        let error = RPCError(.internalError, "boom", details: [0xFF])
        #expect(ErrorFormatter.describe(error) == "ERROR INTERNAL: boom\ndetails: (1 bytes that are not a StatusDetails)")
    }
}
