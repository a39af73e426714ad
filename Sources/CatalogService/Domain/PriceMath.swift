import Foundation

/// Price arithmetic in exact decimals (003 §3.2 `priceWithVat`, `margin`). Never `Double`:
/// 0.1 + 0.2 is not 0.3 in binary floating point, and a price must come out to the ban.
public enum PriceMath {
    /// `price` × (1 + `vatRate`/100), rounded half away from zero to 2 decimals.
    ///
    /// Half-up, not bankers' rounding (half to even): Romanian invoicing rounds line
    /// amounts and VAT arithmetically, as do the invoicing tools the platform syncs with
    /// (Oblio) and the e-Factura validators; with bankers' rounding 10.125 would show as
    /// 10.12 here and 10.13 on the invoice.
    public static func priceWithVat(price: Decimal, vatRate: Decimal) -> Decimal {
        rounded(price + price * vatRate / 100, scale: 2)
    }

    /// The VAT part of `price` at `vatRate` percent, rounded like `priceWithVat`.
    public static func vatAmount(price: Decimal, vatRate: Decimal) -> Decimal {
        rounded(price * vatRate / 100, scale: 2)
    }

    /// (price − cost) / price × 100, in percent, rounded half away from zero to 2 decimals;
    /// nil when the cost is unknown or the price is zero (no margin is defined). Negative
    /// when the product sells below cost.
    public static func margin(price: Decimal, cost: Decimal?) -> Decimal? {
        guard let cost, !price.isZero else { return nil }
        // Multiplying before dividing keeps the one inexact step last.
        return rounded((price - cost) * 100 / price, scale: 2)
    }

    /// `value` rounded to `scale` decimals, halves away from zero (1.005 → 1.01,
    /// −1.235 → −1.24). Foundation calls this `.plain`.
    public static func rounded(_ value: Decimal, scale: Int) -> Decimal {
        var input = value
        var output = Decimal()
        NSDecimalRound(&output, &input, scale, .plain)
        return output
    }
}
