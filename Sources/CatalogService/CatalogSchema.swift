import Postgres

/// The Catalog/Stock schema (DESIGN D5): migrations as versioned constants, applied at start
/// by the Migrator under an advisory lock. Never edit a migration that has shipped: add one.
public enum CatalogSchema {
    /// The service's schema, and the prefix of its roles (`catalog_owner`, `catalog_app`).
    public static let service = "catalog"
    /// Created in the schema by provisioning: trigram similarity for search and ranking.
    public static let extensions = ["pg_trgm"]

    public static let migrations: [Migration] = [
        Migration(version: 1, name: "products, relations, reservations, stock ledger, VAT, jobs", sql: tables),
        Migration(version: 2, name: "row-level security on every tenant-owned table", sql: tenantIsolation),
        Migration(version: 3, name: "exact sub-ban prices, VAT descriptions, diacritic-folded search", sql: productsAndSearch),
        Migration(version: 4, name: "job queue and outbox", sql: jobQueue),
        Migration(version: 5, name: "reservation sweep, ledger notes, import and export job details", sql: stockAndJobs),
        Migration(version: 6, name: "lookups by id alone", sql: idLookups),
    ]

    /// Stock on hand is a column changed only together with a movement row; reserved and
    /// available stock are always computed from reservation rows, never kept as counters.
    static let tables = """
        CREATE TABLE products (
            tenant_id uuid NOT NULL,
            id uuid NOT NULL DEFAULT gen_random_uuid(),
            sku text NOT NULL CHECK (length(sku) BETWEEN 1 AND 64),
            name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
            description text NOT NULL DEFAULT '',
            short_description text NOT NULL DEFAULT '',
            category text NOT NULL,
            subcategory text,
            price numeric(14, 2) NOT NULL CHECK (price >= 0),
            currency text NOT NULL DEFAULT 'RON' CHECK (currency IN ('RON', 'EUR', 'USD')),
            vat_rate numeric(5, 2) NOT NULL CHECK (vat_rate >= 0 AND vat_rate <= 100),
            cost_price numeric(14, 2) CHECK (cost_price >= 0),
            unit text NOT NULL,
            weight numeric(12, 3) CHECK (weight >= 0),
            dimensions jsonb,
            stock bigint NOT NULL DEFAULT 0 CHECK (stock >= 0),
            min_stock bigint NOT NULL DEFAULT 0 CHECK (min_stock >= 0),
            reorder_point bigint NOT NULL DEFAULT 0 CHECK (reorder_point >= 0),
            specifications jsonb NOT NULL DEFAULT '{}',
            tags text[] NOT NULL DEFAULT '{}',
            status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'discontinued')),
            has_embedding boolean NOT NULL DEFAULT false,
            thumbnail_url text,
            created_by text NOT NULL DEFAULT '',
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now(),
            deleted_at timestamptz,
            search_document tsvector GENERATED ALWAYS AS (
                setweight(to_tsvector('simple', coalesce(sku, '') || ' ' || coalesce(name, '')), 'A') ||
                setweight(to_tsvector('simple', coalesce(category, '') || ' ' || coalesce(subcategory, '') || ' ' || coalesce(short_description, '')), 'B') ||
                setweight(to_tsvector('simple', coalesce(description, '')), 'C')
            ) STORED,
            PRIMARY KEY (tenant_id, id)
        );
        -- A SKU names one live product per tenant; a soft-deleted product frees its SKU.
        CREATE UNIQUE INDEX products_sku ON products (tenant_id, sku) WHERE deleted_at IS NULL;
        CREATE INDEX products_list ON products (tenant_id, created_at, id) WHERE deleted_at IS NULL;
        CREATE INDEX products_search ON products USING gin (search_document);
        CREATE INDEX products_name_trgm ON products USING gin (name gin_trgm_ops);

        CREATE TABLE product_relations (
            tenant_id uuid NOT NULL,
            product_id uuid NOT NULL,
            related_id uuid NOT NULL,
            relation text NOT NULL CHECK (relation IN ('upsell', 'crosssell', 'accessory')),
            position int NOT NULL DEFAULT 0,
            PRIMARY KEY (tenant_id, product_id, related_id),
            FOREIGN KEY (tenant_id, product_id) REFERENCES products ON DELETE CASCADE,
            FOREIGN KEY (tenant_id, related_id) REFERENCES products ON DELETE CASCADE,
            CHECK (product_id <> related_id)
        );

        CREATE TABLE reservations (
            tenant_id uuid NOT NULL,
            id uuid NOT NULL DEFAULT gen_random_uuid(),
            negotiation_id text NOT NULL,
            notes text NOT NULL DEFAULT '',
            expires_at timestamptz NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            released_at timestamptz,
            release_reason text,
            PRIMARY KEY (tenant_id, id)
        );
        -- The sweeper's work list: live reservations by expiry.
        CREATE INDEX reservations_expiry ON reservations (expires_at) WHERE released_at IS NULL;

        CREATE TABLE reservation_items (
            tenant_id uuid NOT NULL,
            reservation_id uuid NOT NULL,
            product_id uuid NOT NULL,
            requested bigint NOT NULL CHECK (requested > 0),
            reserved bigint NOT NULL CHECK (reserved >= 0 AND reserved <= requested),
            PRIMARY KEY (tenant_id, reservation_id, product_id),
            FOREIGN KEY (tenant_id, reservation_id) REFERENCES reservations ON DELETE CASCADE,
            FOREIGN KEY (tenant_id, product_id) REFERENCES products
        );
        CREATE INDEX reservation_items_product ON reservation_items (tenant_id, product_id);

        CREATE TABLE stock_movements (
            tenant_id uuid NOT NULL,
            id uuid NOT NULL DEFAULT gen_random_uuid(),
            product_id uuid NOT NULL,
            type text NOT NULL CHECK (type IN ('in', 'out', 'adjustment', 'reservation', 'release')),
            quantity bigint NOT NULL,
            previous_stock bigint NOT NULL,
            new_stock bigint NOT NULL,
            reason text NOT NULL DEFAULT '',
            reference_type text NOT NULL DEFAULT 'manual' CHECK (reference_type IN ('negotiation', 'invoice', 'manual', 'import', 'system')),
            reference_id text,
            reference_name text,
            created_by_type text NOT NULL DEFAULT 'system' CHECK (created_by_type IN ('user', 'system')),
            created_by_id text NOT NULL DEFAULT '',
            created_by_name text NOT NULL DEFAULT '',
            created_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (tenant_id, id),
            FOREIGN KEY (tenant_id, product_id) REFERENCES products
        );
        CREATE INDEX stock_movements_product ON stock_movements (tenant_id, product_id, created_at DESC);

        CREATE TABLE vat_rates (
            tenant_id uuid NOT NULL,
            rate numeric(5, 2) NOT NULL CHECK (rate >= 0 AND rate <= 100),
            category text NOT NULL CHECK (category IN ('standard', 'reduced', 'transitional', 'zero')),
            valid_from date NOT NULL,
            valid_to date,
            PRIMARY KEY (tenant_id, rate, category, valid_from),
            CHECK (valid_to IS NULL OR valid_to > valid_from)
        );

        CREATE TABLE import_jobs (
            tenant_id uuid NOT NULL,
            id uuid NOT NULL DEFAULT gen_random_uuid(),
            status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'processing', 'completed', 'failed')),
            dry_run boolean NOT NULL,
            total_rows int NOT NULL DEFAULT 0,
            processed_rows int NOT NULL DEFAULT 0,
            created_count int NOT NULL DEFAULT 0,
            updated_count int NOT NULL DEFAULT 0,
            skipped_count int NOT NULL DEFAULT 0,
            errors jsonb NOT NULL DEFAULT '[]',
            created_at timestamptz NOT NULL DEFAULT now(),
            finished_at timestamptz,
            PRIMARY KEY (tenant_id, id)
        );

        CREATE TABLE export_jobs (
            tenant_id uuid NOT NULL,
            id uuid NOT NULL DEFAULT gen_random_uuid(),
            format text NOT NULL CHECK (format IN ('csv', 'xlsx', 'json')),
            status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'processing', 'completed', 'failed')),
            content bytea,
            content_type text,
            expires_at timestamptz,
            created_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (tenant_id, id)
        );
        """

    /// Forced RLS on every tenant-owned table: even the owner sees only the transaction's tenant.
    static let tenantIsolation = ["products", "product_relations", "reservations", "reservation_items", "stock_movements", "vat_rates", "import_jobs", "export_jobs"]
        .map(ServiceDatabase.tenantIsolation(table:)).joined(separator: "\n")

    /// Version 3, for products and search (003 §3):
    ///
    /// - Prices, costs and weights keep up to 4 decimals (`ProductField.maxDecimalScale`):
    ///   `numeric(14, 2)` would round a unit price of 0.1234 without a word, and the contract
    ///   promises no value is rounded between client and database.
    /// - VAT rows carry the description `VatRate.description` shows.
    /// - `fold_text` folds case and Latin diacritics (ș ş ț ţ ă â î and the rest of
    ///   Latin-1 and Latin Extended-A/B that decompose to a base letter), the same letters
    ///   `TextFolding.fold` folds in Swift, so "surub" finds "Șurub". A `translate` table rather
    ///   than `unaccent`: that extension's function is not immutable, so it cannot feed a
    ///   generated column or an index, and it would be one more extension to provision.
    /// - `search_document` is rebuilt over folded text (a generated column's expression
    ///   cannot be altered in PostgreSQL 15), and the name's trigram index is over the
    ///   folded name, which is what search and ListProducts compare.
    static let productsAndSearch = """
        ALTER TABLE products
            ALTER COLUMN price TYPE numeric(16, 4),
            ALTER COLUMN cost_price TYPE numeric(16, 4),
            ALTER COLUMN weight TYPE numeric(16, 4);

        ALTER TABLE vat_rates ADD COLUMN description text NOT NULL DEFAULT '';

        CREATE FUNCTION fold_text(value text) RETURNS text
            LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
            AS $$ SELECT lower(translate(value,
                'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳ',
                'aaaaaaceeeeiiiinooooouuuuyaaaaaaceeeeiiiinooooouuuuyyaaaaaaccccccccddeeeeeeeeeegggggggghhiiiiiiiiijjkkllllllnnnnnnoooooorrrrrrssssssssttttuuuuuuuuuuuuwwyyyzzzzzzoouuaaiioouuuuuuuuuuaaaaggkkoooojggnnaaaaaaeeeeiiiioooorrrruuuusstthhaaeeooooooooyy')) $$;

        ALTER TABLE products DROP COLUMN search_document;
        ALTER TABLE products ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('simple', fold_text(coalesce(sku, '') || ' ' || coalesce(name, ''))), 'A') ||
            setweight(to_tsvector('simple', fold_text(coalesce(category, '') || ' ' || coalesce(subcategory, '') || ' ' || coalesce(short_description, ''))), 'B') ||
            setweight(to_tsvector('simple', fold_text(coalesce(description, ''))), 'C')
        ) STORED;
        CREATE INDEX products_search ON products USING gin (search_document);

        DROP INDEX products_name_trgm;
        CREATE INDEX products_name_trgm ON products USING gin (fold_text(name) gin_trgm_ops);
        """
}

import CatalogAPI
import CommonAPI
import RPCCore

extension CatalogSchema {
    /// The contract's schema for reflection (the CLI's `call` transcodes with it).
    public static var registry: SchemaRegistry { CatalogMetadata.registry }
}

extension CatalogSchema {
    /// Ids are UUIDs, unique on their own. Handlers look rows up by id, and the tenant filter
    /// comes from the row-level-security policy, which the planner applies as a filter, not
    /// an index condition: without these, a lookup by id scans the tenant-keyed index.
    static let idLookups = """
        CREATE UNIQUE INDEX products_id ON products (id);
        CREATE UNIQUE INDEX reservations_id ON reservations (id);
        """
}
