import Foundation
import ProtoJSON
import Testing

/// 003 §13.4 through the gateway with the real Identity: an administrator invites a user, the
/// user accepts with a password of their own and calls the catalog, then changes the password.
@Suite struct InviteEndToEndTests {
    @Test func inviteAcceptCatalogCall_andAPasswordChange_throughTheGateway() async throws {
        try await GatewayHarness.with(realIdentity: true) { h in
            let admin = try await AdminEndToEndTests().adminToken(h)
            let email = "invited.\(UUID().uuidString.prefix(8).lowercased())@example.com"
            let created = try await h.call("POST", "/api/v1/admin/users",
                                           json: #"{"email":"\#(email)","firstName":"Maria","lastName":"Enescu","role":"sales_rep","sendInvite":true}"#,
                                           token: admin)
            #expect(created.status == 201)
            let link = try #require(created.data?["inviteLink"]?.stringValue)
            let token = String(link.dropFirst("/invite/".count))

            let weak = try await h.call("POST", "/api/v1/auth/invite/accept", json: #"{"token":"\#(token)","password":"short"}"#, token: .some(nil))
            #expect(weak.status == 422)
            #expect(weak.json?["error"]?["field"] == .string("password"))
            let accepted = try await h.call("POST", "/api/v1/auth/invite/accept", json: #"{"token":"\#(token)","password":"Chosen-password-5"}"#,
                                            token: .some(nil))
            #expect(accepted.status == 200)
            #expect(accepted.data?["user"]?["email"] == .string(email))
            let access = try #require(accepted.data?["accessToken"]?.stringValue)
            #expect(try await h.call("GET", "/api/v1/products", token: access).status == 200)

            let again = try await h.call("POST", "/api/v1/auth/invite/accept", json: #"{"token":"\#(token)","password":"Chosen-password-6"}"#,
                                         token: .some(nil))
            #expect(again.status == 401)
            #expect(again.errorCode == "AUTH_TOKEN_INVALID")

            let changed = try await h.call("POST", "/api/v1/auth/password",
                                           json: #"{"currentPassword":"Chosen-password-5","newPassword":"Another-password-7"}"#, token: access)
            #expect(changed.status == 200)
            #expect(changed.data?["changed"] == .bool(true))
            let anonymous = try await h.call("POST", "/api/v1/auth/password",
                                             json: #"{"currentPassword":"x","newPassword":"Another-password-8"}"#, token: .some(nil))
            #expect(anonymous.status == 401)
            let login = try await h.call("POST", "/api/v1/auth/login", json: #"{"email":"\#(email)","password":"Another-password-7"}"#, token: .some(nil))
            #expect(login.status == 200)
        }
    }
}
