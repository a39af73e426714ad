import ServiceKit

extension CatalogStore {
    /// The catalog's job queue, in its own schema (DESIGN D6).
    public var jobs: JobQueue { JobQueue(pool: pool, schema: CatalogSchema.service) }
}
