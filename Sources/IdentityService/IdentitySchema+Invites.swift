import Postgres

// Migration 6: accepting an invite (003 §13.4) is the third read that must cross tenants, since
// the invited user has only the link's token. Like `user_by_email` it returns ids only; the
// expiry and single use are decided in the tenant's transaction, under the user row's lock.
// (`login_lookup`, migration 2, already lets the owner read every tenant's users.)
extension IdentitySchema {
    static let inviteLookup = """
        CREATE FUNCTION user_by_invite(token_digest bytea) RETURNS TABLE (tenant_id uuid, user_id uuid)
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = \(PGQuery.quoteIdentifier(service)), pg_temp
            AS $$ SELECT tenant_id, id FROM users WHERE invite_digest = token_digest AND deleted_at IS NULL $$;
        REVOKE ALL ON FUNCTION user_by_invite(bytea) FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION user_by_invite(bytea) TO \(PGQuery.quoteIdentifier(service + "_app"));
        """
}
