import Foundation

extension StockRules {
    /// What a reservation got for one product (003 §6.4 `items[]` and `warnings[]`).
    public struct ReservationOutcome: Hashable, Sendable {
        /// The product.
        public var productId: String
        /// Units asked for.
        public var requested: Int64
        /// Units held: the request, or what was available when less.
        public var reserved: Int64
        /// requested − reserved.
        public var shortfall: Int64
        /// A sentence for people when the product was reserved short; nil otherwise.
        public var warning: String?

        /// An outcome with the given numbers.
        public init(productId: String, requested: Int64, reserved: Int64, shortfall: Int64, warning: String?) {
            self.productId = productId
            self.requested = requested
            self.reserved = reserved
            self.shortfall = shortfall
            self.warning = warning
        }
    }

    /// One product asked for by a reservation.
    public struct ReservationRequest: Hashable, Sendable {
        /// The product.
        public var productId: String
        /// Units wanted.
        public var quantity: Int64

        /// A request for `quantity` units of `productId`.
        public init(productId: String, quantity: Int64) {
            self.productId = productId
            self.quantity = quantity
        }
    }

    /// Reserves as much of `requested` as `available` allows: a reservation takes what
    /// there is and reports the shortfall rather than failing (003 §6.4 `shortfall`).
    ///
    /// - Throws: VAL_OUT_OF_RANGE when `requested` is not above zero.
    public static func reserve(productId: String, requested: Int64, available: Int64) throws(CatalogError) -> ReservationOutcome {
        guard requested > 0 else {
            throw CatalogError(.outOfRange, field: "quantity", "quantity must be more than 0")
        }
        let reserved = min(requested, max(0, available))
        let shortfall = requested - reserved
        let warning: String?
        if shortfall == 0 {
            warning = nil
        } else if reserved == 0 {
            warning = "No stock available: requested \(requested), reserved 0"
        } else {
            warning = "Only \(reserved) of \(requested) available: reserved \(reserved), short by \(shortfall)"
        }
        return ReservationOutcome(productId: productId, requested: requested, reserved: reserved, shortfall: shortfall, warning: warning)
    }

    /// Reserves every item against `available` (product id → available units), in order.
    ///
    /// - Throws: VAL_REQUIRED_FIELD for no items; VAL_DUPLICATE for a product asked for
    ///   twice and VAL_REFERENCE_INVALID for a product `available` does not know (fields
    ///   `items[i].productId`); VAL_OUT_OF_RANGE for a quantity not above zero
    ///   (`items[i].quantity`).
    public static func reserve(_ items: [ReservationRequest], available: [String: Int64]) throws(CatalogError) -> [ReservationOutcome] {
        guard !items.isEmpty else {
            throw CatalogError(.requiredField, field: "items", "at least one item is required")
        }
        var seen = Set<String>()
        var outcomes: [ReservationOutcome] = []
        for (index, item) in items.enumerated() {
            guard seen.insert(item.productId).inserted else {
                throw CatalogError(.duplicate, field: "items[\(index)].productId", "product \(item.productId) is listed twice")
            }
            guard let stock = available[item.productId] else {
                throw CatalogError(.referenceInvalid, field: "items[\(index)].productId", "product \(item.productId) does not exist")
            }
            do throws(CatalogError) {
                outcomes.append(try reserve(productId: item.productId, requested: item.quantity, available: stock))
            } catch {
                throw CatalogError(error.code, field: "items[\(index)].quantity", error.message)
            }
        }
        return outcomes
    }

    /// The default lifetime of a reservation, in minutes (003 §6.4 `expiresIn`).
    public static let defaultReservationMinutes: UInt32 = 60
    /// The longest lifetime a reservation may ask for: 30 days.
    public static let maxReservationMinutes: UInt32 = 30 * 24 * 60

    /// When a reservation made at `now` lapses: `minutes` later, 60 when 0 (absent).
    ///
    /// - Throws: VAL_OUT_OF_RANGE (field `expiresIn`) above `maxReservationMinutes`.
    public static func reservationExpiry(from now: Date, minutes: UInt32) throws(CatalogError) -> Date {
        let minutes = minutes == 0 ? defaultReservationMinutes : minutes
        guard minutes <= maxReservationMinutes else {
            throw CatalogError(.outOfRange, field: "expiresIn", "expiresIn must be at most \(maxReservationMinutes) minutes")
        }
        return now.addingTimeInterval(TimeInterval(minutes) * 60)
    }
}
