/// The kind of a ledger entry (003 §6.2 `type`), spelled as the seed and the
/// `stock_movements.type` column spell it.
public enum StockMovementKind: String, CaseIterable, Hashable, Sendable {
    /// Goods received; quantity changes stock on hand.
    case `in`
    /// Goods delivered; quantity changes stock on hand.
    case out
    /// A correction (AdjustStock, or an import setting stock); quantity changes stock on hand.
    case adjustment
    /// Units held for a negotiation; quantity (negative) changes available stock.
    case reservation
    /// Held units given back; quantity (positive) changes available stock.
    case release

    /// The kind for people, in English (003 §6.2 `typeLabel`).
    public var label: String {
        switch self {
        case .in: return "Stock in"
        case .out: return "Stock out"
        case .adjustment: return "Adjustment"
        case .reservation: return "Reservation"
        case .release: return "Release"
        }
    }

    /// Whether the quantity changes stock on hand (in, out, adjustment) rather than what is
    /// reserved of it: the kinds ListStock's `lastMovement` reports.
    public var changesStockOnHand: Bool {
        switch self {
        case .in, .out, .adjustment: return true
        case .reservation, .release: return false
        }
    }
}

/// What caused a ledger entry (003 §6.2 `reference.type`).
public enum StockReferenceKind: String, CaseIterable, Hashable, Sendable {
    /// A negotiation: reservations and their releases.
    case negotiation
    /// An invoice: deliveries.
    case invoice
    /// A person, through AdjustStock.
    case manual
    /// A bulk import.
    case `import`
    /// The platform itself, e.g. a reservation expiring.
    case system
}

/// Who made a ledger entry (003 §6.2 `createdBy`): a user, or the platform.
public struct StockActor: Hashable, Sendable {
    /// A user or the platform.
    public enum Kind: String, Hashable, Sendable {
        /// A user, or an API key acting for one.
        case user
        /// The platform itself.
        case system
    }

    /// A user or the platform.
    public var kind: Kind
    /// The user's id, or the platform component's name.
    public var id: String
    /// The name to show.
    public var name: String

    /// An actor of `kind`.
    public init(kind: Kind, id: String, name: String) {
        self.kind = kind
        self.id = id
        self.name = name
    }

    /// The reservation sweeper, releasing what expired.
    public static let reservationSweeper = StockActor(kind: .system, id: "reservation-sweeper", name: "Reservation expiry")
}
