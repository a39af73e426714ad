import Postgres

// Migration 5: the audit log (003 §13.7). Services record each change in their own outbox and
// relay it here; `id` is the relay's `<service>:<outbox id>`, unique per tenant, so a repeated
// relay inserts nothing. There is deliberately no foreign key to `tenants`: a log entry must
// never be refused (and a relay stuck behind it) because a tenant row is missing here.
//
// `user_id` is text, not uuid: the system and API keys record changes without a user, and
// what a service names as its actor is kept as it was sent. `changes` is a JSON array of
// `{field, oldValue, newValue}` whose values are JSON text, as the contract carries them.
extension IdentitySchema {
    static let auditLog = """
        CREATE TABLE audit_log (
            tenant_id uuid NOT NULL,
            id text NOT NULL CHECK (length(id) BETWEEN 1 AND 200),
            user_id text NOT NULL DEFAULT '',
            user_email text NOT NULL DEFAULT '',
            user_name text NOT NULL DEFAULT '',
            action text NOT NULL CHECK (length(action) BETWEEN 1 AND 100),
            description text NOT NULL DEFAULT '',
            entity_type text NOT NULL DEFAULT '',
            entity_id text NOT NULL DEFAULT '',
            changes jsonb NOT NULL DEFAULT '[]',
            ip_address text NOT NULL DEFAULT '',
            user_agent text NOT NULL DEFAULT '',
            session_id text NOT NULL DEFAULT '',
            api_key_id text NOT NULL DEFAULT '',
            request_id text NOT NULL DEFAULT '',
            -- When the change committed in its service; `recorded_at` when it arrived here.
            occurred_at timestamptz NOT NULL,
            recorded_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (tenant_id, id)
        );
        -- One per filter of ListAuditLog; each ends in the listing order so a page reads in order.
        CREATE INDEX audit_log_time ON audit_log (tenant_id, occurred_at DESC, id DESC);
        CREATE INDEX audit_log_user ON audit_log (tenant_id, user_id, occurred_at DESC);
        CREATE INDEX audit_log_entity ON audit_log (tenant_id, entity_type, entity_id, occurred_at DESC);
        CREATE INDEX audit_log_action ON audit_log (tenant_id, action, occurred_at DESC);

        """ + ServiceDatabase.tenantIsolation(table: "audit_log")
}
