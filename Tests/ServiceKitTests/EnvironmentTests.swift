import Testing
@testable import ServiceKit

struct EnvironmentTests {
    @Test func usesDefaults_whenUnsetOrEmpty() throws {
        let env = Environment(["EMPTY": ""])
        #expect(env.string("EMPTY", default: "x") == "x")
        #expect(try env.int("MISSING", default: 8) == 8)
        #expect(try env.duration("MISSING", default: .seconds(3)) == .seconds(3))
    }

    @Test func failsFast_namingTheVariable_forABadValue() {
        let env = Environment(["POOL": "many", "WAIT": "soon", "FLAG": "maybe", "LISTEN": "nowhere"])
        #expect(throws: ConfigurationError(variable: "POOL", problem: "must be a whole number in 1...64, not \"many\"")) {
            try env.int("POOL", default: 8, range: 1...64)
        }
        #expect((try? env.duration("WAIT", default: .seconds(1))) == nil)
        #expect((try? env.bool("FLAG", default: true)) == nil)
        #expect((try? env.address("LISTEN", default: "127.0.0.1:1")) == nil)
        #expect(throws: ConfigurationError.self) { try env.required("DATABASE_URL") }
    }

    @Test func parsesDurationsAddressesAndFlags() throws {
        let env = Environment(["A": "250ms", "B": "5m", "C": "0.0.0.0:7101", "D": "on"])
        #expect(try env.duration("A", default: .zero) == .milliseconds(250))
        #expect(try env.duration("B", default: .zero) == .seconds(300))
        #expect(try env.address("C", default: "") == ("0.0.0.0", 7101))
        #expect(try env.bool("D", default: false))
    }
}
