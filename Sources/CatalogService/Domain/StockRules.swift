/// The stock rules of 003 §6: status, its label and alerts from a stock level. Adjustment
/// and reservation arithmetic are in `StockRules+Adjust.swift` and
/// `StockRules+Reservation.swift`.
///
/// Everything is judged on available stock (on hand minus reserved): what can still be sold.
public enum StockRules {
    /// A product's stock status (003 §6.1 `status`).
    public enum Status: String, CaseIterable, Hashable, Sendable {
        /// Available stock above the minimum.
        case inStock = "in_stock"
        /// Available stock at or below the minimum, and above zero.
        case lowStock = "low_stock"
        /// Nothing available.
        case outOfStock = "out_of_stock"
    }

    /// A kind of stock alert (003 §6.1 `alerts[].type`).
    public enum AlertKind: String, CaseIterable, Hashable, Sendable {
        /// At or below the minimum, above zero.
        case lowStock = "low_stock"
        /// Nothing available.
        case outOfStock = "out_of_stock"
        /// At or below the reorder point: time to order.
        case belowReorder = "below_reorder"
    }

    /// An alert in force, with its sentence.
    public struct Alert: Hashable, Sendable {
        /// Which alert.
        public var kind: AlertKind
        /// A sentence for people, in English.
        public var message: String

        /// An alert of `kind` saying `message`.
        public init(kind: AlertKind, message: String) {
            self.kind = kind
            self.message = message
        }
    }

    /// out_of_stock when nothing is available; low_stock when available stock is at or
    /// below `minStock`; otherwise in_stock. The reorder point raises an alert but does not
    /// change the status.
    public static func status(of level: StockLevel) -> Status {
        let available = level.available
        if available <= 0 { return .outOfStock }
        if available <= level.minStock { return .lowStock }
        return .inStock
    }

    /// The status for people (003 §6.1 `statusLabel`). English, like every message of the
    /// API's error envelope; a client that shows Romanian translates from `status`.
    public static func statusLabel(_ status: Status) -> String {
        switch status {
        case .inStock: return "In stock"
        case .lowStock: return "Low stock"
        case .outOfStock: return "Out of stock"
        }
    }

    /// The alerts in force for `level`, in the order out_of_stock, low_stock,
    /// below_reorder. out_of_stock and low_stock exclude each other; below_reorder comes
    /// with either when the reorder point (if set above zero) is reached.
    public static func alerts(for level: StockLevel) -> [Alert] {
        let available = level.available
        var alerts: [Alert] = []
        switch status(of: level) {
        case .outOfStock:
            alerts.append(Alert(kind: .outOfStock, message: "No stock available (\(level.total) on hand, \(level.reserved) reserved)"))
        case .lowStock:
            alerts.append(Alert(kind: .lowStock, message: "Available stock \(available) is at or below the minimum of \(level.minStock)"))
        case .inStock:
            break
        }
        if level.reorderPoint > 0, available <= level.reorderPoint {
            alerts.append(Alert(kind: .belowReorder, message: "Available stock \(available) is at or below the reorder point of \(level.reorderPoint)"))
        }
        return alerts
    }
}
