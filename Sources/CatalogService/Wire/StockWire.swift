import CatalogAPI
import CommonAPI
import Foundation
import RPCCore
import ServiceKit

// Conversions between the stock domain and the contract's messages (003 §6).

extension StockMovementKind {
    init?(_ type: StockMovementType) {
        switch type {
        case .in: self = .in
        case .out: self = .out
        case .adjustment: self = .adjustment
        case .reservation: self = .reservation
        case .release: self = .release
        case .unspecified: return nil
        }
    }

    var wire: StockMovementType {
        switch self {
        case .in: .in
        case .out: .out
        case .adjustment: .adjustment
        case .reservation: .reservation
        case .release: .release
        }
    }
}

extension StockReferenceKind {
    var wire: StockReferenceType {
        switch self {
        case .negotiation: .negotiation
        case .invoice: .invoice
        case .manual: .manual
        case .import: .import
        case .system: .system
        }
    }
}

extension StockRules.Status {
    var wire: StockStatus {
        switch self {
        case .inStock: .inStock
        case .lowStock: .lowStock
        case .outOfStock: .outOfStock
        }
    }
}

extension StockRules.AlertKind {
    var wire: StockAlertType {
        switch self {
        case .lowStock: .lowStock
        case .outOfStock: .outOfStock
        case .belowReorder: .belowReorder
        }
    }
}

extension AdjustReferenceType {
    /// The kind for people, shown as the movement's reference name.
    var label: String? {
        switch self {
        case .unspecified: nil
        case .inventoryCount: "Inventory count"
        case .damage: "Damage"
        case .return: "Return"
        case .transfer: "Transfer"
        case .other: "Other"
        }
    }
}

extension StockActor {
    /// Who a call acts for: the user in the principal the gateway set (DESIGN D4), else the
    /// calling component (a service acting on its own behalf).
    init(_ context: CallContext) {
        if let bytes = context.metadata.principal, let principal = try? Principal(decoding: bytes) {
            if !principal.userId.isEmpty {
                self.init(kind: .user, id: principal.userId, name: principal.email.isEmpty ? principal.userId : principal.email)
                return
            }
            if !principal.apiKeyId.isEmpty {
                self.init(kind: .user, id: "apikey:" + principal.apiKeyId, name: "API key " + principal.apiKeyId)
                return
            }
        }
        let caller = context.peer.isEmpty ? "catalog" : context.peer
        self.init(kind: .system, id: caller, name: caller)
    }

    var wire: CatalogAPI.Actor {
        CatalogAPI.Actor(type: kind == .user ? .user : .system, id: id, name: name)
    }
}

extension StockMovementRow {
    var wire: StockMovement {
        StockMovement(
            id: id.lowercased, productId: record.productId.lowercased, type: record.kind.wire, typeLabel: record.kind.label,
            quantity: record.quantity, previousStock: record.previousStock, newStock: record.newStock, reason: record.reason,
            reference: StockMovementReference(type: record.reference.wire, id: record.referenceId ?? "", name: record.referenceName ?? ""),
            createdAt: Timestamp(createdAt), createdBy: record.actor.wire)
    }
}

extension UUID {
    /// The id as the API writes it: lower-case.
    var lowercased: String { uuidString.lowercased() }

    /// The id in `text`, or a `code` error naming `field` when it is not a UUID.
    static func parse(_ text: String, field: String, code: CatalogError.Code = .invalidFormat) throws(CatalogError) -> UUID {
        guard let id = UUID(uuidString: text) else {
            if text.isEmpty { throw CatalogError(.requiredField, field: field, "\(field) is required") }
            throw CatalogError(code, field: field, "\(field) is not a valid id")
        }
        return id
    }
}
