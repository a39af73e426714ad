import CLibPQ
import RPCCore

extension PGConnection {
    /// What a connection needs to open; shared by pooled connections and notification listeners.
    struct Options: Sendable {
        var url: String
        var applicationName: String?
        var connectTimeout: Duration
        var statementCacheCapacity: Int

        /// Opens a libpq connection (blocking: call it on the connection's own thread) with
        /// the session settings the text codecs rely on; throws `.connectionFailed`.
        func connect(deadline: Deadline?) throws -> OpaquePointer {
            var timeout = max(0, connectTimeout.nanoseconds)
            if let deadline { timeout = min(timeout, Int64(clamping: deadline.remainingNanoseconds())) }
            // Later keywords override what the URL (expanded from `dbname`) says. libpq treats
            // a connect_timeout below 2 seconds as 2.
            var keywords = ["dbname", "client_encoding", "connect_timeout"]
            var values = [url, "UTF8", String(max(2, (timeout + 999_999_999) / 1_000_000_000))]
            if let applicationName {
                keywords.append("application_name")
                values.append(applicationName)
            } else {
                keywords.append("fallback_application_name")
                values.append("cerniq")
            }
            let connection = withCStringArray(keywords) { keywords in
                withCStringArray(values) { values in PQconnectdbParams(keywords, values, 1) }
            }
            guard let connection, PQstatus(connection) == CONNECTION_OK else {
                let error = PGError(code: .connectionFailed, connection: connection, query: nil)
                if let connection { PQfinish(connection) }
                throw error
            }
            // Notices (e.g. "schema already exists, skipping") go nowhere instead of to stderr.
            PQsetNoticeProcessor(connection, { _, _ in }, nil)
            // The text codecs read timestamps as ISO in UTC (PGTimestampText).
            let settings = PQexec(connection, "SET DateStyle TO 'ISO'; SET TimeZone TO 'UTC'")
            defer { PQclear(settings) }
            guard let settings, PQresultStatus(settings) == PGRES_COMMAND_OK else {
                let error = settings.map { PGError(code: .connectionFailed, result: $0, query: nil) }
                    ?? PGError(code: .connectionFailed, connection: connection, query: nil)
                PQfinish(connection)
                throw error
            }
            return connection
        }
    }
}
