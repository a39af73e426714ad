import CatalogAPI
import CommonAPI
import RPCCore
import Testing
@testable import Gateway

/// The route table is checked against the generated metadata at start and matches literal
/// segments before parameters.
struct RouteTableTests {
    static let registry = CatalogMetadata.registry.merging(CommonMetadata.registry)

    @Test func catalogTableIsValidAgainstTheMetadata() throws {
        let table = try RouteTable(CatalogRoutes.all, registry: Self.registry)
        #expect(table.routes.count == CatalogRoutes.all.count)
    }

    @Test func literalSegmentsWinOverParameters_andParametersArePercentDecoded() throws {
        let table = try RouteTable(CatalogRoutes.all, registry: Self.registry)
        guard case .found(let search) = table.lookup(method: "POST", path: "/api/v1/products/search") else { Issue.record("no match"); return }
        #expect(search.route.rpc == CatalogServiceMethods.searchProducts)
        guard case .found(let export) = table.lookup(method: "GET", path: "/api/v1/products/export/j%201") else { Issue.record("no match"); return }
        #expect(export.route.rpc == CatalogServiceMethods.getProductExport)
        #expect(export.parameters.map(\.name) == ["jobId"])
        #expect(export.parameters.map(\.value) == ["j 1"])
        guard case .found(let product) = table.lookup(method: "GET", path: "/api/v1/products/abc") else { Issue.record("no match"); return }
        #expect(product.route.rpc == CatalogServiceMethods.getProduct)
    }

    @Test func wrongMethodListsTheAllowedOnes_unknownPathIsNotFound() throws {
        let table = try RouteTable(CatalogRoutes.all, registry: Self.registry)
        guard case .methodNotAllowed(let allowed) = table.lookup(method: "PUT", path: "/api/v1/products/abc") else { Issue.record("expected 405"); return }
        #expect(Set(allowed) == ["GET", "PATCH", "DELETE"])
        guard case .notFound = table.lookup(method: "GET", path: "/api/v1/nothing") else { Issue.record("expected 404"); return }
        guard case .notFound = table.lookup(method: "GET", path: "/api/v1/products/") else { Issue.record("empty id must not match"); return }
        guard case .notFound = table.lookup(method: "GET", path: "/api/v1/products/%zz") else { Issue.record("bad escape must not match"); return }
    }

    @Test func unknownMethodOrFieldStopsTheGateway_namingTheRoute() {
        let unknownMethod = Route("GET", "/x", MethodDescriptor(service: "cerniq.catalog.v1.CatalogService", method: "Nope"),
                                  request: "cerniq.catalog.v1.GetProductRequest", response: "cerniq.catalog.v1.ProductDetail",
                                  scopes: [], rate: .read, summary: "", tag: "")
        #expect(throws: RouteTableError.self) { try RouteTable([unknownMethod], registry: Self.registry) }
        do {
            _ = try RouteTable([unknownMethod], registry: Self.registry)
        } catch {
            #expect(error.description.hasPrefix("route GET /x "))
        }
        let unknownField = Route("GET", "/products/:sku", CatalogServiceMethods.getProduct, request: "cerniq.catalog.v1.GetProductRequest",
                                 response: "cerniq.catalog.v1.ProductDetail", scopes: [], rate: .read, summary: "", tag: "")
        #expect(throws: RouteTableError.self) { try RouteTable([unknownField], registry: Self.registry) }
        let wrongTypes = Route("GET", "/p/:id", CatalogServiceMethods.getProduct, request: "cerniq.catalog.v1.ListProductsRequest",
                               response: "cerniq.catalog.v1.ProductDetail", scopes: [], rate: .read, summary: "", tag: "")
        #expect(throws: RouteTableError.self) { try RouteTable([wrongTypes], registry: Self.registry) }
    }
}
