import CatalogService
import Foundation
import Testing

@Suite struct PriceMathTests {
    func d(_ text: String) -> Decimal { Decimal(string: text)! }

    @Test func priceWithVat_isPriceTimesOnePlusRate_roundedToTheBan() {
        #expect(PriceMath.priceWithVat(price: d("100"), vatRate: d("21")) == d("121"))
        #expect(PriceMath.priceWithVat(price: d("99.99"), vatRate: d("21")) == d("120.99"))  // 120.9879
        #expect(PriceMath.priceWithVat(price: d("10"), vatRate: d("0")) == d("10"))
    }

    @Test func priceWithVat_roundsHalvesUp_notToEven() {
        // 12.5 × 1.09 = 13.625: half-up gives 13.63, bankers' rounding would give 13.62.
        #expect(PriceMath.priceWithVat(price: d("12.5"), vatRate: d("9")) == d("13.63"))
        // 0.5 × 1.25 = 0.625 → 0.63 (bankers': 0.62).
        #expect(PriceMath.priceWithVat(price: d("0.5"), vatRate: d("25")) == d("0.63"))
    }

    @Test func priceWithVat_isExactWhereDoubleIsNot() {
        // In Double, 0.1 + 0.2 ≠ 0.3; 1.15 × 1.21 = 1.3915 → 1.39 exactly here.
        #expect(PriceMath.priceWithVat(price: d("1.15"), vatRate: d("21")) == d("1.39"))
        #expect(PriceMath.priceWithVat(price: d("1.005"), vatRate: d("0")) == d("1.01"))
    }

    @Test func margin_isPriceMinusCostOverPrice_inPercent_toTwoDecimals() {
        #expect(PriceMath.margin(price: d("100"), cost: d("75")) == d("25"))
        #expect(PriceMath.margin(price: d("3"), cost: d("2")) == d("33.33"))
        #expect(PriceMath.margin(price: d("3"), cost: d("1")) == d("66.67"))
        #expect(PriceMath.margin(price: d("80"), cost: d("100")) == d("-25"))
    }

    @Test func margin_isNil_withoutCost_orAtZeroPrice() {
        #expect(PriceMath.margin(price: d("100"), cost: nil) == nil)
        #expect(PriceMath.margin(price: d("0"), cost: d("5")) == nil)
    }

    @Test func rounding_takesHalvesAwayFromZero_onBothSides() {
        #expect(PriceMath.rounded(d("1.005"), scale: 2) == d("1.01"))
        #expect(PriceMath.rounded(d("-1.235"), scale: 2) == d("-1.24"))
        #expect(PriceMath.rounded(d("2.344"), scale: 2) == d("2.34"))
    }
}

@Suite struct DecimalTextTests {
    @Test func parsesPlainDecimalText_keepingItsScale() throws {
        let parsed = try #require(DecimalText.parse("12.50"))
        #expect(parsed.value == Decimal(string: "12.5"))
        #expect(parsed.scale == 2)
        #expect(DecimalText.parse("-0.75")?.value == Decimal(string: "-0.75"))
        #expect(DecimalText.parse("1000")?.scale == 0)
    }

    @Test func rejectsWhatFoundationWouldHalfRead() {
        for text in ["12abc", "1e3", "+5", " 5", "5 ", "1.2.3", ".5", "5.", "", "-", "1,000.00", "NaN", "١٢"] {
            #expect(DecimalText.parse(text) == nil, "\(text)")
        }
    }

    @Test func acceptsADecimalComma_onlyWhenAsked() {
        #expect(DecimalText.parse("12,50") == nil)
        #expect(DecimalText.parse("12,50", allowComma: true)?.value == Decimal(string: "12.5"))
        #expect(DecimalText.parse("1,234.5", allowComma: true) == nil)
    }

    @Test func refusesMoreDigitsThanDecimalHoldsExactly() {
        #expect(DecimalText.parse(String(repeating: "9", count: 38)) != nil)
        #expect(DecimalText.parse(String(repeating: "9", count: 39)) == nil)
        #expect(DecimalText.parse("0.000" + String(repeating: "1", count: 30)) != nil)
    }

    @Test func formatsWithAFixedScale() {
        #expect(DecimalText.format(Decimal(string: "12.5")!, scale: 2) == "12.50")
        #expect(DecimalText.format(Decimal(string: "121")!, scale: 2) == "121.00")
        #expect(DecimalText.format(Decimal(string: "-1.235")!, scale: 2) == "-1.24")
        #expect(DecimalText.format(Decimal(string: "7.5")!, scale: 0) == "8")
        #expect(DecimalText.format(Decimal(string: "0.5")!) == "0.5")
    }
}
