import Postgres

/// The Identity schema (DESIGN D5): tenants, users, sessions and their refresh tokens, and the
/// revocation feed the gateway follows. Never edit a migration that has shipped: add one.
///
/// Two reads must cross tenants, because the caller has not said who they are yet: finding a
/// user by email at login, and finding a refresh token's session. Each goes through one
/// SECURITY DEFINER function returning ids only; everything after runs fenced to that tenant.
/// `revocations` holds no tenant data (random token and session ids, and when they lapse),
/// so it has no row-level security: the gateway reads it for every tenant at once.
public enum IdentitySchema {
    public static let service = "identity"

    public static let migrations: [Migration] = [
        Migration(version: 1, name: "tenants, users, sessions, refresh tokens, revocations", sql: tables),
        Migration(version: 2, name: "row-level security and the login and refresh lookups", sql: fences),
        Migration(version: 3, name: "API keys and the gateway's lookup by digest", sql: apiKeys),
        Migration(version: 4, name: "tenant admin: user metadata, invites, forced password change, deletion and erasure", sql: tenantAdmin),
        Migration(version: 5, name: "the audit log, recorded from every service's outbox", sql: auditLog),
        Migration(version: 6, name: "the invite lookup by digest", sql: inviteLookup),
    ]

    static let tables = """
        CREATE TABLE tenants (
            tenant_id uuid PRIMARY KEY,
            name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
            company_name text NOT NULL DEFAULT '',
            cui text NOT NULL DEFAULT '',
            plan text NOT NULL DEFAULT 'starter' CHECK (plan IN ('starter', 'professional', 'enterprise')),
            plan_expires_at timestamptz,
            -- 003 §13.2 settings (security, regional, branding, defaults), as the admin API writes them.
            settings jsonb NOT NULL DEFAULT '{}',
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now()
        );

        CREATE TABLE users (
            tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
            id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
            -- Lower-cased. Unique across tenants: login names no tenant (003 §2.5).
            email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 320),
            first_name text NOT NULL DEFAULT '',
            last_name text NOT NULL DEFAULT '',
            role text NOT NULL CHECK (role IN ('admin', 'sales_manager', 'sales_rep', 'viewer')),
            permissions text[] NOT NULL DEFAULT '{}',
            status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'invited', 'suspended')),
            -- `$scrypt$…` (Credentials.PasswordHasher); null until an invited user sets one.
            password_hash text,
            -- The TOTP secret (RFC 6238) when MFA is on, and the last time step accepted, so a
            -- code is never accepted twice.
            mfa_secret bytea,
            mfa_last_step bigint NOT NULL DEFAULT 0,
            last_login_at timestamptz,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE UNIQUE INDEX users_email ON users (email);
        CREATE INDEX users_tenant ON users (tenant_id, created_at, id);

        -- One login on one device: the refresh-token family, and the `sid` of its access tokens.
        CREATE TABLE sessions (
            tenant_id uuid NOT NULL,
            id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
            user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            device_id text NOT NULL DEFAULT '',
            ip_address text NOT NULL DEFAULT '',
            user_agent text NOT NULL DEFAULT '',
            created_at timestamptz NOT NULL DEFAULT now(),
            last_used_at timestamptz NOT NULL DEFAULT now(),
            expires_at timestamptz NOT NULL,
            revoked_at timestamptz,
            revoked_reason text
        );
        CREATE INDEX sessions_user ON sessions (tenant_id, user_id) WHERE revoked_at IS NULL;

        -- Refresh tokens by the SHA-256 of their text: a leaked table reveals no token.
        CREATE TABLE refresh_tokens (
            tenant_id uuid NOT NULL,
            digest bytea PRIMARY KEY CHECK (length(digest) = 32),
            session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            created_at timestamptz NOT NULL DEFAULT now(),
            -- Spent: presenting it again revokes the session (reuse detection).
            used_at timestamptz
        );
        CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

        -- Sessions (`sid`) and token ids (`jti`) whose access tokens the gateway must refuse
        -- until they would have expired anyway.
        CREATE TABLE revocations (
            seq bigserial PRIMARY KEY,
            revoked_id text NOT NULL,
            until timestamptz NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX revocations_until ON revocations (until);
        """

    static let fences = ServiceDatabase.tenantIsolation(table: "tenants") + "\n"
        + ServiceDatabase.tenantIsolation(table: "users") + "\n"
        + ServiceDatabase.tenantIsolation(table: "sessions") + "\n"
        + ServiceDatabase.tenantIsolation(table: "refresh_tokens") + "\n" + """
        CREATE POLICY login_lookup ON users FOR SELECT TO \(PGQuery.quoteIdentifier(service + "_owner")) USING (true);
        CREATE FUNCTION user_by_email(address text) RETURNS TABLE (tenant_id uuid, user_id uuid)
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = \(PGQuery.quoteIdentifier(service)), pg_temp
            AS $$ SELECT tenant_id, id FROM users WHERE email = lower(address) $$;
        REVOKE ALL ON FUNCTION user_by_email(text) FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION user_by_email(text) TO \(PGQuery.quoteIdentifier(service + "_app"));

        CREATE POLICY refresh_lookup ON refresh_tokens FOR SELECT TO \(PGQuery.quoteIdentifier(service + "_owner")) USING (true);
        CREATE FUNCTION refresh_token_tenant(token_digest bytea) RETURNS uuid
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = \(PGQuery.quoteIdentifier(service)), pg_temp
            AS $$ SELECT tenant_id FROM refresh_tokens WHERE digest = token_digest $$;
        REVOKE ALL ON FUNCTION refresh_token_tenant(bytea) FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION refresh_token_tenant(bytea) TO \(PGQuery.quoteIdentifier(service + "_app"));
        """

    /// 003 §13.4–13.6. An invite is kept as the SHA-256 of its token, like refresh tokens.
    /// `deleted_at` marks a soft delete (the row stays for the negotiations that name the
    /// user); `erased_at` a GDPR erasure, after which the row holds no personal data.
    static let tenantAdmin = """
        ALTER TABLE users
            ADD COLUMN metadata jsonb NOT NULL DEFAULT '{}',
            ADD COLUMN invite_digest bytea CHECK (length(invite_digest) = 32),
            ADD COLUMN invite_expires_at timestamptz,
            ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
            ADD COLUMN deleted_at timestamptz,
            ADD COLUMN erased_at timestamptz;
        CREATE UNIQUE INDEX users_invite ON users (invite_digest) WHERE invite_digest IS NOT NULL;
        """
}
