extension PGPool {
    /// How a pool connects and behaves. Every field but `url` has a default.
    public struct Configuration: Sendable {
        /// A libpq connection string or URL: `postgresql://user@host/db?sslmode=require`,
        /// or `host=/run/postgresql dbname=cerniq user=catalog_app`.
        public var url: String
        /// The most connections open at once (idle, in use and opening).
        public var maxConnections: Int
        /// `application_name` for the pool's connections (shown in `pg_stat_activity`);
        /// when nil the URL's, else `cerniq`.
        public var applicationName: String?
        /// The longest a connection attempt may take (libpq's `connect_timeout`, at least 2 s).
        public var connectTimeout: Duration
        /// How long a checkout waits for a free connection when the caller has no deadline.
        public var checkoutTimeout: Duration
        /// An idle connection unused for this long is pinged before it is handed out.
        public var pingAfterIdle: Duration
        /// Prepared statements kept per connection; the least recently used is dropped beyond.
        public var statementCacheCapacity: Int
        /// How many times `withTransaction` runs its closure when transactions keep
        /// conflicting (serialization failure, deadlock), the first run included.
        public var transactionAttempts: Int
        /// The first retry's backoff bound; each further retry doubles it, up to `maxRetryBackoff`.
        public var retryBackoff: Duration
        /// The largest backoff bound between transaction attempts.
        public var maxRetryBackoff: Duration

        /// A configuration with the defaults: 10 connections, 5 s connect timeout, 10 s
        /// checkout timeout, ping after 30 s idle, 256 statements per connection, 5 attempts.
        public init(
            url: String, maxConnections: Int = 10, applicationName: String? = nil,
            connectTimeout: Duration = .seconds(5), checkoutTimeout: Duration = .seconds(10),
            pingAfterIdle: Duration = .seconds(30), statementCacheCapacity: Int = 256,
            transactionAttempts: Int = 5, retryBackoff: Duration = .milliseconds(10),
            maxRetryBackoff: Duration = .milliseconds(500)
        ) {
            self.url = url
            self.maxConnections = maxConnections
            self.applicationName = applicationName
            self.connectTimeout = connectTimeout
            self.checkoutTimeout = checkoutTimeout
            self.pingAfterIdle = pingAfterIdle
            self.statementCacheCapacity = statementCacheCapacity
            self.transactionAttempts = transactionAttempts
            self.retryBackoff = retryBackoff
            self.maxRetryBackoff = maxRetryBackoff
        }

        var connectionOptions: PGConnection.Options {
            PGConnection.Options(
                url: url, applicationName: applicationName, connectTimeout: connectTimeout,
                statementCacheCapacity: statementCacheCapacity)
        }
    }
}
