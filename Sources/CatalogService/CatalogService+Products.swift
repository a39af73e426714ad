import CatalogAPI
import CommonAPI
import Foundation
import RPCCore
import ServiceKit

// Products (003 §3.1–3.5): list, detail, create, update, delete, related products.
extension CatalogService {
    /// A page of the tenant's live products, by offset in any sort or by cursor in createdAt order.
    public func listProducts(_ request: ListProductsRequest, context: CallContext) async throws -> ListProductsResponse {
        let query = try ProductListQuery(request)
        let now = self.now()
        // Repeatable read: the total and the page come from one snapshot.
        return try await store.transaction(context, isolation: .repeatableRead) { tx in
            switch query.paging {
            case .offset(let page, let limit, let sort, let descending):
                let total = try await store.countProducts(query.filters, now: now, in: tx)
                let (offset, overflow) = (page - 1).multipliedReportingOverflow(by: limit)
                let records = overflow || offset >= total ? [] : try await store.products(
                    query.filters, sort: sort, descending: descending, offset: offset, limit: limit, now: now, in: tx)
                let info = try Paging(page: UInt32(page), limit: UInt32(limit)).info(total: total).wire
                return ListProductsResponse(data: records.map(ProductListItem.init), pageInfo: .pagination(info))
            case .cursor(let cursor, let backward, let limit):
                // One more than the page, to learn whether more lie beyond it.
                var records = try await store.products(query.filters, from: cursor, backward: backward, limit: limit + 1, now: now, in: tx)
                let hasMore = records.count > limit
                records = Array(records.prefix(limit))
                // The cursor continues in the direction asked: after the last item forward,
                // before the first backward. Pages are shown in createdAt order either way.
                let edge = records.last.map(ProductCursor.init)?.encoded ?? ""
                if backward { records.reverse() }
                let info = CursorInfo(cursor: edge, hasMore: hasMore, count: UInt32(records.count))
                return ListProductsResponse(data: records.map(ProductListItem.init), pageInfo: .cursorPagination(info))
            }
        }
    }

    /// One live product in full; RES_NOT_FOUND for a malformed, unknown, deleted or foreign id.
    public func getProduct(_ request: GetProductRequest, context: CallContext) async throws -> ProductDetail {
        let id = try Self.productID(request.id)
        let now = self.now()
        return try await store.transaction(context, isolation: .repeatableRead) { tx in
            guard let record = try await store.product(id, now: now, in: tx) else { throw Self.productNotFound }
            return ProductDetail(record, related: try await store.relatedProducts(of: id, in: tx))
        }
    }

    /// Creates a product after validating every field; VAL_DUPLICATE on `sku` when the SKU is taken.
    public func createProduct(_ request: CreateProductRequest, context: CallContext) async throws -> CreateProductResponse {
        let author = CallPrincipal(context)
        let today = CalendarDay(now())
        return try await store.transaction(context) { tx in
            let draft = try ProductDraft(request, vatRates: try await store.vatRateTable(in: tx), on: today)
            // A taken SKU fails the insert on the unique index (VAL_DUPLICATE on field sku),
            // which also settles two creates racing for one SKU.
            let created = try await store.insertProduct(draft, author: author, in: tx)
            try await store.record(tx, context, "product.created", .product, id: created.id.lowercased, "Created product \(draft.sku)")
            // No indexing job is queued (ragIndexJobId stays empty): there is no embedding
            // provider yet, so `indexForRAG` is accepted and recorded nowhere.
            return CreateProductResponse(id: created.id.uuidString.lowercased(), sku: draft.sku, name: draft.values.name,
                                         status: ProductStatus(draft.values.status), ragIndexJobId: "",
                                         createdAt: Timestamp(created.createdAt))
        }
    }

    /// Applies the members named in `update_mask` and reports the fields that really changed.
    public func updateProduct(_ request: UpdateProductRequest, context: CallContext) async throws -> UpdateProductResponse {
        let id = try Self.productID(request.id)
        let now = self.now()
        return try await store.transaction(context) { tx in
            guard try await store.lockProduct(id, in: tx) == .live, let old = try await store.product(id, now: now, in: tx) else {
                throw Self.productNotFound
            }
            let values = try ProductPatch.apply(request, to: old.values, vatRates: try await store.vatRateTable(in: tx), on: CalendarDay(now))
            let changed = ProductValues.changedFields(from: old.values, to: values)
            var updatedAt = old.updatedAt
            // An update that changes nothing writes nothing, so there is no change to record.
            if !changed.isEmpty {
                updatedAt = try await store.updateProduct(id, to: values, in: tx)
                try await store.record(tx, context, "product.updated", .product, id: id.lowercased,
                                       "Updated product \(old.sku): \(changed.joined(separator: ", "))",
                                       changes: AuditRecord.Change.product(from: old.values, to: values))
            }
            // `reindexForRAG` queues nothing (ragReindexJobId stays empty): no embedding provider yet.
            return UpdateProductResponse(id: id.uuidString.lowercased(), sku: old.sku, name: values.name, status: ProductStatus(values.status),
                                         ragReindexJobId: "", updatedAt: Timestamp(updatedAt), changedFields: changed)
        }
    }

    /// Deletes softly, or removes the row when `hard`; RES_LOCKED while reservations hold the product.
    public func deleteProduct(_ request: DeleteProductRequest, context: CallContext) async throws -> DeleteProductResponse {
        let id = try Self.productID(request.id)
        let now = self.now()
        return try await store.transaction(context) { tx in
            // The lock keeps a reservation from being made between the check and the delete.
            switch try await store.lockProduct(id, in: tx) {
            case .missing: throw Self.productNotFound
            case .deleted where !request.hard: throw Self.productNotFound  // already gone for every reader
            case .deleted, .live: break  // a hard delete may purge a soft-deleted product
            }
            if try await store.hasActiveReservations(id, now: now, in: tx) {
                throw CatalogError(.locked, "Cannot delete product with active negotiations")  // 003 §3.5, 409
            }
            let sku = try await store.sku(of: id, in: tx)
            let how: String
            if !request.hard {
                try await store.softDeleteProduct(id, in: tx)
                how = "soft"
            } else {
                if !request.cascade, try await store.hasStockHistory(id, in: tx) { throw CatalogError.productHasHistory }
                try await store.hardDeleteProduct(id, cascade: request.cascade, in: tx)
                how = request.cascade ? "hard, with its stock history" : "hard"
            }
            try await store.record(tx, context, "product.deleted", .product, id: id.lowercased, "Deleted product \(sku) (\(how))")
            return DeleteProductResponse()
        }
    }

    /// Replaces the product's related products with the given list, in its order.
    public func setRelatedProducts(_ request: SetRelatedProductsRequest, context: CallContext) async throws -> SetRelatedProductsResponse {
        let id = try Self.productID(request.productId)
        var violations = FieldViolations()
        var relations: [(id: UUID, relation: String)] = []
        for (index, input) in request.relations.enumerated() {
            let field = "relations[\(index)]"
            guard let related = UUID(uuidString: input.productId) else {
                violations.record(.referenceInvalid, field: field + ".productId", "no product has id \"\(input.productId)\"")
                continue
            }
            if related == id {
                violations.record(.referenceInvalid, field: field + ".productId", "a product cannot be related to itself")
            } else if relations.contains(where: { $0.id == related }) {
                violations.record(.duplicate, field: field + ".productId", "product \(input.productId) is listed twice")
            }
            guard let relation = input.relation.storedName else {
                violations.record(.requiredField, field: field + ".relation", "relation must be upsell, crosssell or accessory")
                continue
            }
            relations.append((related, relation))
        }
        try violations.throwIfAny()
        return try await store.transaction(context) { tx in
            guard try await store.lockProduct(id, in: tx) == .live else { throw Self.productNotFound }
            let live = try await store.liveProductIDs(relations.map(\.id), in: tx)
            var missing = FieldViolations()
            for (index, relation) in relations.enumerated() where !live.contains(relation.id) {
                missing.record(.referenceInvalid, field: "relations[\(index)].productId", "no product has id \"\(request.relations[index].productId)\"")
            }
            try missing.throwIfAny()
            let updatedAt = try await store.replaceRelations(of: id, with: relations, in: tx)
            try await store.record(tx, context, "product.related_set", .product, id: id.lowercased,
                                   "Set \(relations.count) related products of \(try await store.sku(of: id, in: tx))")
            return SetRelatedProductsResponse(productId: id.uuidString.lowercased(),
                                              relatedProducts: try await store.relatedProducts(of: id, in: tx).map(RelatedProduct.init),
                                              updatedAt: Timestamp(updatedAt))
        }
    }

    /// RES_NOT_FOUND, for a product that does not exist, is deleted, or is another tenant's.
    static let productNotFound = CatalogError(.notFound, "product not found")

    /// The product id of a path, or RES_NOT_FOUND: an id that is not a UUID names no product.
    static func productID(_ text: String) throws(CatalogError) -> UUID {
        guard let id = UUID(uuidString: text) else { throw productNotFound }
        return id
    }
}
