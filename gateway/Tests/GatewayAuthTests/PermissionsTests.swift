import Testing
@testable import GatewayAuth

@Suite struct PermissionsTests {
    @Test func listsTheScopesOf003Section2_3_inOrder() {
        #expect(Permissions.all == [
            "products:read", "products:write", "products:delete", "products:import", "products:export",
            "negotiations:read", "negotiations:write", "negotiations:approve", "negotiations:close", "negotiations:archive",
            "documents:read", "documents:create", "documents:send", "documents:cancel",
            "hitl:read", "hitl:approve", "hitl:reject", "hitl:escalate",
            "admin:users", "admin:settings", "admin:audit", "admin:api-keys",
        ])
    }

    @Test func matchesTheRoleTableOf003Section2_4() {
        #expect(Set(Permissions.roles.keys) == ["admin", "sales_manager", "sales_rep", "viewer"])
        #expect(Permissions.roles["admin"] == Permissions.all)
        let manager = Set(Permissions.roles["sales_manager"]!)
        #expect(manager == Set(Permissions.all).subtracting(["negotiations:archive", "hitl:escalate", "admin:users",
                                                             "admin:settings", "admin:audit", "admin:api-keys"]))
        #expect(!manager.contains("negotiations:archive") && !manager.contains("hitl:escalate"))
        #expect(Set(Permissions.roles["sales_rep"]!) == ["products:read", "negotiations:read", "negotiations:write",
                                                         "documents:read", "documents:create"])
        #expect(Permissions.roles["viewer"]! == ["products:read", "negotiations:read", "documents:read"])
        for scopes in Permissions.roles.values { #expect(Set(scopes).isSubset(of: Permissions.all) && Set(scopes).count == scopes.count) }
    }

    @Test func grantsTheUnionOfRolesAndExplicitScopes_andNothingForUnknownRoles() {
        #expect(Permissions.granted(roles: ["viewer"], explicit: ["hitl:read"]) == ["products:read", "negotiations:read", "documents:read", "hitl:read"])
        #expect(Permissions.granted(roles: ["superuser", "Admin", "admin "], explicit: []).isEmpty)
        #expect(Permissions.granted(roles: ["viewer", "sales_rep"], explicit: []).count == 5)  // viewer is within sales_rep
    }

    @Test func requireThrowsPermissionDenied_withoutTheScope() throws {
        let claims = TokenFixtures.claims()  // sales_rep + hitl:read
        try Permissions.require("negotiations:write", for: claims)
        try Permissions.require("hitl:read", for: claims)
        #expect(throws: AuthFailure.permissionDenied) { try Permissions.require("negotiations:approve", for: claims) }
        #expect(claims.grantedPermissions.contains("documents:create"))
    }
}
