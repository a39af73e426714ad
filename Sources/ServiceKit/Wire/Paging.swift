import CommonAPI

/// Offset pagination of a list call (003 §1.4): the 1-based page, 25 items by default and
/// at most 100, and the `pagination` object of the response (§1.5). Shared by every
/// service that lists by page (Catalog's stock, Identity's users).
public struct Paging: Hashable, Sendable {
    /// The 1-based page.
    public let page: Int
    /// Items per page.
    public let limit: Int

    /// Items per page when not given.
    public static let defaultLimit = 25
    /// The most items a page may have.
    public static let maxLimit = 100

    /// Page `page` (0 means 1) of `limit` items (0 means 25).
    ///
    /// - Throws: VAL_OUT_OF_RANGE (field `limit`) above 100.
    public init(page: UInt32, limit: UInt32) throws(SeedError) {
        guard limit <= UInt32(Self.maxLimit) else {
            throw SeedError("VAL_OUT_OF_RANGE", "limit must be at most \(Self.maxLimit)", field: "limit")
        }
        self.page = max(1, Int(page))
        self.limit = limit == 0 ? Self.defaultLimit : Int(limit)
    }

    /// Rows to skip.
    public var offset: Int { (page - 1) * limit }

    /// Where the page sits in a list of `total` items.
    public func info(total: Int) -> Info {
        let pages = total == 0 ? 0 : (total + limit - 1) / limit
        return Info(page: page, limit: limit, total: total, totalPages: pages, hasNext: page < pages, hasPrevious: page > 1)
    }

    /// The seed's `pagination` object.
    public struct Info: Hashable, Sendable {
        /// The page returned.
        public var page: Int
        /// Items per page.
        public var limit: Int
        /// Items in the whole list.
        public var total: Int
        /// Pages in the whole list.
        public var totalPages: Int
        /// Whether a later page exists.
        public var hasNext: Bool
        /// Whether an earlier page exists.
        public var hasPrevious: Bool
    }
}

extension Paging.Info {
    /// The info as `cerniq.common.v1.PageInfo`.
    public var wire: PageInfo {
        PageInfo(page: UInt32(clamping: page), limit: UInt32(clamping: limit), total: UInt64(total), totalPages: UInt32(clamping: totalPages),
                 hasNext: hasNext, hasPrevious: hasPrevious)
    }
}
