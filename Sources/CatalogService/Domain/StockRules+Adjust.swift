extension StockRules {
    /// How an adjustment applies its quantity (003 §6.3 `type`).
    public enum AdjustKind: String, CaseIterable, Hashable, Sendable {
        /// Stock becomes the quantity.
        case set
        /// The quantity is added.
        case add
        /// The quantity is taken away.
        case subtract
    }

    /// The arithmetic of one adjustment (003 §6.3 `previousStock`, `adjustment`, `newStock`).
    public struct Adjustment: Hashable, Sendable {
        /// Units on hand before.
        public var previousStock: Int64
        /// The signed change: new − previous.
        public var adjustment: Int64
        /// Units on hand after.
        public var newStock: Int64

        /// An adjustment from `previousStock` to `newStock`.
        public init(previousStock: Int64, adjustment: Int64, newStock: Int64) {
            self.previousStock = previousStock
            self.adjustment = adjustment
            self.newStock = newStock
        }
    }

    /// Applies `quantity` to `stock` on hand as `kind` says.
    ///
    /// - Throws: VAL_OUT_OF_RANGE (field `quantity`) for a negative quantity or a sum past
    ///   `Int64.max`; BIZ_STOCK_INSUFFICIENT when subtracting more than is on hand. Stock on
    ///   hand may end below what is reserved (a count found fewer units); available stock
    ///   then shows zero and the status out_of_stock.
    public static func adjust(stock: Int64, kind: AdjustKind, quantity: Int64) throws(CatalogError) -> Adjustment {
        guard quantity >= 0 else {
            throw CatalogError(.outOfRange, field: "quantity", "quantity must be 0 or more")
        }
        let newStock: Int64
        switch kind {
        case .set:
            newStock = quantity
        case .add:
            let (sum, overflow) = stock.addingReportingOverflow(quantity)
            guard !overflow else { throw CatalogError(.outOfRange, field: "quantity", "the resulting stock is too large") }
            newStock = sum
        case .subtract:
            guard quantity <= stock else {
                throw CatalogError(.stockInsufficient, field: "quantity",
                                   "cannot subtract \(quantity) from a stock of \(stock)")
            }
            newStock = stock - quantity
        }
        return Adjustment(previousStock: stock, adjustment: newStock - stock, newStock: newStock)
    }
}
