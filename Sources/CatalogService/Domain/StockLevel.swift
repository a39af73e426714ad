/// A product's stock numbers (003 §6.1 `StockItem`): units on hand, reserved, and the
/// thresholds the status and alerts are judged by.
public struct StockLevel: Hashable, Sendable {
    /// Units on hand.
    public var total: Int64
    /// Units held by active reservations.
    public var reserved: Int64
    /// The minimum wanted available; at or below it the product is low on stock.
    public var minStock: Int64
    /// The available level at or below which to reorder.
    public var reorderPoint: Int64

    /// A level with the given numbers.
    public init(total: Int64, reserved: Int64 = 0, minStock: Int64 = 0, reorderPoint: Int64 = 0) {
        self.total = total
        self.reserved = reserved
        self.minStock = minStock
        self.reorderPoint = reorderPoint
    }

    /// Units on hand and not reserved; never below zero, even when a count found fewer
    /// units than are reserved.
    public var available: Int64 {
        max(0, total - reserved)
    }
}
