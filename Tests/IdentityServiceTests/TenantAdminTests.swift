import CommonAPI
import Credentials
import Foundation
import IdentityAPI
import RPCCore
import ServiceKit
import Testing

/// TenantAdminService's users (003 §13.3–13.6) over the real server and PostgreSQL, acting as
/// the bootstrapped administrator through the gateway's metadata.
@Suite struct TenantAdminTests {
    static func address(_ name: String) -> String { "\(name).\(UUID().uuidString.prefix(8).lowercased())@example.com" }

    @discardableResult
    static func invite(_ h: IdentityHarness, _ first: String, _ last: String, role: String = "sales_rep",
                       email: String? = nil) async throws -> CreateUserResponse {
        try await h.admin.createUser(CreateUserRequest(email: email ?? address(first.lowercased()), firstName: first, lastName: last, role: role),
                                     options: h.asAdmin())
    }

    static func withPassword(_ h: IdentityHarness, email: String, password: String = "Temporary-pass-7") async throws -> CreateUserResponse {
        try await h.admin.createUser(CreateUserRequest(email: email, firstName: "Ion", lastName: "Ionescu", role: "sales_rep",
                                                       tempPassword: password), options: h.asAdmin())
    }

    @Test func list_filtersByRoleStatusAndSearch_newestFirst_byPage() async throws {
        try await IdentityHarness.with { h in
            try await Self.invite(h, "Maria", "Enescu", role: "viewer")
            try await Self.invite(h, "Dan", "Brancusi")
            let newest = try await Self.invite(h, "Elena", "Brancus", role: "sales_manager")
            let all = try await h.admin.listUsers(ListUsersRequest(), options: h.asAdmin())
            #expect(all.users.count == 4)
            #expect(all.users.first?.id == newest.id, "newest first")
            #expect(all.pagination?.limit == 25)
            let viewers = try await h.admin.listUsers(ListUsersRequest(role: "viewer"), options: h.asAdmin())
            #expect(viewers.users.map(\.firstName) == ["Maria"])
            let found = try await h.admin.listUsers(ListUsersRequest(search: "BRANCUS"), options: h.asAdmin())
            #expect(found.users.map(\.firstName) == ["Elena", "Dan"])
            let invited = try await h.admin.listUsers(ListUsersRequest(status: "invited"), options: h.asAdmin())
            #expect(invited.users.count == 3)
            let second = try await h.admin.listUsers(ListUsersRequest(page: 2, limit: 3), options: h.asAdmin())
            #expect(second.users.map(\.email) == [h.email])
            #expect(second.pagination?.total == 4 && second.pagination?.totalPages == 2)
            #expect(second.users.first?.activity?.negotiations == 0)
            #expect(await seedCode { _ = try await h.admin.listUsers(ListUsersRequest(status: "gone"), options: h.asAdmin()) } == "VAL_INVALID_ENUM")
            #expect(await seedCode { _ = try await h.admin.listUsers(ListUsersRequest(limit: 101), options: h.asAdmin()) } == "VAL_OUT_OF_RANGE")
        }
    }

    @Test func create_withInvite_storesOnlyTheTokensDigest_for72Hours() async throws {
        try await IdentityHarness.with { h in
            let created = try await Self.invite(h, "Maria", "Enescu")
            #expect(created.status == "invited")
            #expect(created.inviteLink.hasPrefix("/invite/inv_"))
            let expires = try #require(created.inviteExpiresAt).date.timeIntervalSince(Date())
            #expect(abs(expires - 72 * 3600) < 120)
            let token = String(created.inviteLink.dropFirst("/invite/".count))
            let rows = try await h.pool.withTransaction(tenant: h.tenant) { tx in
                try await tx.query("SELECT invite_digest, password_hash FROM users WHERE id = \(UUID(uuidString: created.id)!)")
            }
            #expect(try rows[0].decode([UInt8].self, column: "invite_digest") == OpaqueToken.digest(token))
            #expect(try rows[0].decode(String?.self, column: "password_hash") == nil)
            #expect(await seedCode { _ = try await h.login(created.email, password: "anything-at-all") } == "AUTH_TOKEN_INVALID")
        }
    }

    @Test func create_withTemporaryPassword_isActive_mustChangeIt_andMeetsThePolicy() async throws {
        try await IdentityHarness.with { h in
            let email = Self.address("ion")
            let created = try await Self.withPassword(h, email: email)
            #expect(created.status == "active" && created.inviteLink.isEmpty && created.inviteExpiresAt == nil)
            #expect(try await !h.login(email, password: "Temporary-pass-7").accessToken.isEmpty)
            let rows = try await h.pool.withTransaction(tenant: h.tenant) { tx in
                try await tx.query("SELECT must_change_password FROM users WHERE email = \(email)")
            }
            #expect(try rows[0].decode(Bool.self, column: "must_change_password"))

            _ = try await h.admin.updateTenantConfig(UpdateTenantConfigRequest(updateMask: ["security"], security: SecuritySettings(
                passwordPolicy: PasswordPolicySettings(minLength: 16, requireSpecial: true))), options: h.asAdmin())
            let weak = await seedDetails { _ = try await Self.withPassword(h, email: Self.address("weak"), password: "Short1") }
            #expect(weak?.code == "VAL_MULTIPLE_ERRORS")
            #expect(weak?.violations.allSatisfy { $0.field == "tempPassword" } == true)
            let bad = await seedDetails {
                _ = try await h.admin.createUser(CreateUserRequest(email: "not-an-email", firstName: "", lastName: "X", role: "boss",
                                                                   permissions: ["products:read", "root"]), options: h.asAdmin())
            }
            #expect(Set(bad?.violations.map(\.field) ?? []) == ["email", "firstName", "role", "permissions[1]"])
        }
    }

    @Test func create_withATakenEmail_isAConflict_thatNamesNoTenant() async throws {
        try await IdentityHarness.with { h in
            let email = Self.address("dup")
            try await Self.invite(h, "Dan", "Pop", email: email)
            var error: RPCError?
            do { try await Self.invite(h, "Dan", "Pop", email: email.uppercased()) } catch let failure as RPCError { error = failure }
            #expect(error?.code == .alreadyExists)
            #expect((try? StatusDetails(decoding: error?.details ?? []))?.code == "VAL_DUPLICATE")

            // The address is another tenant's: the same answer, and nothing says whose.
            let other = UUID()
            let elsewhere = Self.address("elsewhere")
            try await h.bootstrap.run(tenant: other, tenantName: "Beta SRL", email: elsewhere, password: h.password)
            let details = await seedDetails { try await Self.invite(h, "Eve", "Pop", email: elsewhere) }
            #expect(details?.code == "VAL_DUPLICATE")
            #expect(details?.message.contains(other.uuidString.lowercased()) == false)
            #expect(details?.message.contains("Beta") == false)
        }
    }

    @Test func create_beyondThePlansSeats_isQuotaExceeded() async throws {
        try await IdentityHarness.with { h in
            for index in 1...4 { try await Self.invite(h, "User\(index)", "Seat") }
            #expect(await seedCode { try await Self.invite(h, "Sixth", "Seat") } == "BIZ_QUOTA_EXCEEDED")
        }
    }

    @Test func suspend_refusesLogin_andPublishesTheSessionsRevocation() async throws {
        try await IdentityHarness.with { h in
            let email = Self.address("ion")
            let created = try await Self.withPassword(h, email: email)
            let login = try await h.login(email, password: "Temporary-pass-7")
            let sid = try h.verifier.verify(token: login.accessToken, now: Int64(Date().timeIntervalSince1970)).sessionId
            let suspend = UpdateUserRequest(id: created.id, updateMask: ["status"], status: "suspended")
            #expect(try await h.admin.updateUser(suspend, options: h.asAdmin()).updated)
            #expect(await seedCode { _ = try await h.login(email, password: "Temporary-pass-7") } == "AUTH_TOKEN_INVALID")
            #expect(await seedCode { _ = try await h.client.refresh(RefreshRequest(refreshToken: login.refreshToken)) } == "AUTH_REFRESH_INVALID")
            let feed = try await h.client.listRevocations(ListRevocationsRequest())
            #expect(feed.revocations.contains { $0.id == sid })
            let listed = try await h.admin.listUsers(ListUsersRequest(status: "suspended"), options: h.asAdmin())
            #expect(listed.users.map(\.id) == [created.id])
            // Names and role change too; unnamed members stay.
            _ = try await h.admin.updateUser(UpdateUserRequest(id: created.id, updateMask: ["role", "lastName"], firstName: "ignored",
                                                               lastName: "Popa", role: "viewer"), options: h.asAdmin())
            let after = try await h.admin.listUsers(ListUsersRequest(search: email), options: h.asAdmin()).users.first
            #expect(after?.firstName == "Ion" && after?.lastName == "Popa" && after?.role == "viewer")
        }
    }

    @Test func anotherTenant_cannotSeeOrChangeThisTenantsUsers() async throws {
        try await IdentityHarness.with { h in
            let created = try await Self.invite(h, "Maria", "Enescu")
            let stranger = h.asAdmin(tenant: UUID(), user: UUID())
            let listed = try await h.admin.listUsers(ListUsersRequest(), options: stranger)
            #expect(listed.users.isEmpty)
            let update = UpdateUserRequest(id: created.id, updateMask: ["status"], status: "suspended")
            #expect(await seedCode { _ = try await h.admin.updateUser(update, options: stranger) } == "RES_NOT_FOUND")
            #expect(await seedCode { _ = try await h.admin.deleteUser(DeleteUserRequest(id: created.id, hardDelete: true), options: stranger) }
                    == "RES_NOT_FOUND")
            #expect(await seedCode { _ = try await h.admin.updateUser(UpdateUserRequest(id: "nope", updateMask: ["role"], role: "viewer"),
                                                                      options: h.asAdmin()) } == "RES_NOT_FOUND")
            let still = try await h.admin.listUsers(ListUsersRequest(status: "invited"), options: h.asAdmin())
            #expect(still.users.map(\.id) == [created.id])
        }
    }

    @Test func anAdministrator_cannotSuspendDemoteOrDeleteThemselves() async throws {
        try await IdentityHarness.with { h in
            let me = h.adminID.uuidString.lowercased()
            let suspend = await seedDetails {
                _ = try await h.admin.updateUser(UpdateUserRequest(id: me, updateMask: ["status"], status: "suspended"), options: h.asAdmin())
            }
            #expect(suspend?.code == "VAL_INVALID_ENUM" && suspend?.violations.map(\.field) == ["status"])
            #expect(await seedCode {
                _ = try await h.admin.updateUser(UpdateUserRequest(id: me, updateMask: ["role"], role: "viewer"), options: h.asAdmin())
            } == "VAL_INVALID_ENUM")
            #expect(await seedCode { _ = try await h.admin.deleteUser(DeleteUserRequest(id: me), options: h.asAdmin()) } == "VAL_INVALID_ENUM")
            let stillActive = try await h.login()
            #expect(!stillActive.accessToken.isEmpty, "still active")
        }
    }

    @Test func softDelete_transfersToAnActiveUser_andEndsSessions() async throws {
        try await IdentityHarness.with { h in
            let email = Self.address("ion")
            let leaving = try await Self.withPassword(h, email: email)
            let login = try await h.login(email, password: "Temporary-pass-7")
            let invited = try await Self.invite(h, "Maria", "Enescu")
            #expect(await seedCode {
                _ = try await h.admin.deleteUser(DeleteUserRequest(id: leaving.id, transferNegotiationsTo: invited.id), options: h.asAdmin())
            } == "VAL_REFERENCE_INVALID", "an invited user cannot take negotiations over")
            let reply = try await h.admin.deleteUser(DeleteUserRequest(id: leaving.id, transferNegotiationsTo: h.adminID.uuidString.lowercased()),
                                                     options: h.asAdmin())
            #expect(reply.deleted)
            #expect(reply.transferredItems == [TransferredItems(type: "negotiations", count: 0, transferredTo: h.adminID.uuidString.lowercased())])
            #expect(reply.dataDeleted == nil)
            #expect(await seedCode { _ = try await h.client.refresh(RefreshRequest(refreshToken: login.refreshToken)) } == "AUTH_REFRESH_INVALID")
            let inactive = try await h.admin.listUsers(ListUsersRequest(status: "inactive"), options: h.asAdmin())
            #expect(inactive.users.map(\.email) == [email])
        }
    }

    @Test func hardDelete_erasesThePersonalData_andFreesTheAddress() async throws {
        try await IdentityHarness.with { h in
            let email = Self.address("gdpr")
            let created = try await Self.withPassword(h, email: email)
            _ = try await h.login(email, password: "Temporary-pass-7")
            let reply = try await h.admin.deleteUser(DeleteUserRequest(id: created.id, hardDelete: true), options: h.asAdmin())
            #expect(reply.dataDeleted?.tables == ["users", "sessions", "refresh_tokens", "audit_log"])
            #expect(reply.dataDeleted?.recordsRemoved == 2, "one session and its refresh token")
            #expect(reply.dataDeleted?.logsAnonymized == 3, "Identity's own entries about the user: created, logged in, erased")
            let id = try #require(UUID(uuidString: created.id))
            let rows = try await h.pool.withTransaction(tenant: h.tenant) { tx in
                try await tx.query("SELECT email, first_name, last_name, password_hash, status FROM users WHERE id = \(id)")
            }
            #expect(try rows[0].decode(String.self, column: "email") == "erased-\(created.id)@invalid")
            #expect(try rows[0].decode(String.self, column: "first_name").isEmpty)
            #expect(try rows[0].decode(String?.self, column: "password_hash") == nil)
            #expect(try rows[0].decode(String.self, column: "status") == "inactive")
            #expect(try await h.admin.listUsers(ListUsersRequest(), options: h.asAdmin()).users.allSatisfy { $0.id != created.id })
            let again = try await Self.withPassword(h, email: email)
            #expect(again.id != created.id)
        }
    }
}
