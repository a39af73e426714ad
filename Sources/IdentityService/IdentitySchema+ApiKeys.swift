import Postgres

// Migration 3: API keys (003 §2.2). Like refresh tokens, a key is kept as the SHA-256 of its
// text, so a leaked table or backup holds no usable key. The gateway verifies a key before
// it knows the tenant, so the one cross-tenant read is a SECURITY DEFINER function that
// returns ids only; the key itself is then read fenced to that tenant.
extension IdentitySchema {
    static let apiKeys = """
        CREATE TABLE api_keys (
            tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
            id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
            name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
            prefix text NOT NULL CHECK (prefix IN ('sk_live_', 'sk_test_')),
            -- The prefix and the key's last four characters, for a person to tell keys apart;
            -- 24 of the key's 256 random bits, too few to help a guess.
            hint text NOT NULL CHECK (length(hint) <= 20),
            digest bytea NOT NULL UNIQUE CHECK (length(digest) = 32),
            scopes text[] NOT NULL CHECK (cardinality(scopes) > 0),
            -- Requests per minute.
            rate_limit integer NOT NULL CHECK (rate_limit BETWEEN 1 AND 10000),
            -- The user who created the key; empty when an API key created it.
            created_by text NOT NULL DEFAULT '',
            expires_at timestamptz,
            -- Written at most once a minute per key (verification is on every gateway cache miss).
            last_used_at timestamptz,
            created_at timestamptz NOT NULL DEFAULT now(),
            revoked_at timestamptz
        );
        CREATE INDEX api_keys_tenant ON api_keys (tenant_id, created_at DESC, id DESC);

        """ + ServiceDatabase.tenantIsolation(table: "api_keys") + "\n" + """
        CREATE POLICY api_key_lookup ON api_keys FOR SELECT TO \(PGQuery.quoteIdentifier(service + "_owner")) USING (true);
        CREATE FUNCTION api_key_by_digest(key_digest bytea) RETURNS TABLE (tenant_id uuid, key_id uuid)
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = \(PGQuery.quoteIdentifier(service)), pg_temp
            AS $$ SELECT tenant_id, id FROM api_keys WHERE digest = key_digest $$;
        REVOKE ALL ON FUNCTION api_key_by_digest(bytea) FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION api_key_by_digest(bytea) TO \(PGQuery.quoteIdentifier(service + "_app"));
        """
}
