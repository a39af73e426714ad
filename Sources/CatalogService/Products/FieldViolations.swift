import ServiceKit

/// Collects every invalid field of a request, so one reply names them all (003 §1.5
/// `validationErrors`): a single violation travels as its own code, several as
/// `VAL_MULTIPLE_ERRORS` with one entry each.
struct FieldViolations {
    private(set) var violations: [SeedError.Violation] = []

    /// The value `body` returns, or nil after recording the `CatalogError` it threw.
    mutating func check<Value>(_ body: () throws(CatalogError) -> Value) -> Value? {
        do throws(CatalogError) {
            return try body()
        } catch {
            record(error)
            return nil
        }
    }

    /// Records `error` as a violation of its field (`""` for the whole request).
    mutating func record(_ error: CatalogError) {
        violations.append(SeedError.Violation(field: error.field ?? "", code: error.code.rawValue, message: error.message))
    }

    /// Records a violation of `field`.
    mutating func record(_ code: CatalogError.Code, field: String, _ message: String) {
        record(CatalogError(code, field: field, message))
    }

    /// Throws the violations recorded, if any.
    func throwIfAny() throws(SeedError) {
        guard !violations.isEmpty else { return }
        throw SeedError.validation(violations)
    }
}
