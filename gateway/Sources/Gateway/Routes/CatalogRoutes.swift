import CatalogAPI

/// The Catalog/Stock REST surface (003 §3 Products, §6 Stock), one line per route.
enum CatalogRoutes {
    private static let m = CatalogServiceMethods.self
    private static func t(_ name: String) -> String { "cerniq.catalog.v1.\(name)" }
    private static let paging = Route.paging

    static let all: [Route] = [
        // 003 §3 Products. Literal paths (`/products/search`) are matched before `/products/:id`.
        Route("GET", "/api/v1/products", m.listProducts, request: t("ListProductsRequest"), response: t("ListProductsResponse"),
              scopes: ["products:read"], rate: .read, shape: .page, defaults: paging.defaults, maximums: paging.maximums,
              summary: "List products (003 §3.1)", tag: "Products"),
        Route("POST", "/api/v1/products", m.createProduct, request: t("CreateProductRequest"), response: t("CreateProductResponse"),
              scopes: ["products:write"], rate: .write, status: 201, body: .json,
              summary: "Create a product (003 §3.3)", tag: "Products"),
        Route("POST", "/api/v1/products/search", m.searchProducts, request: t("SearchProductsRequest"), response: t("SearchProductsResponse"),
              scopes: ["products:read"], rate: .search, body: .json,
              summary: "Search products (003 §3.7)", tag: "Products"),
        Route("POST", "/api/v1/products/import", m.startProductImport, request: t("StartProductImportRequest"), response: t("ProductImportJob"),
              scopes: ["products:import"], rate: .bulk, status: 202, body: .multipart, bodyLimit: 4 << 20, deadline: .seconds(30),
              summary: "Start a bulk import of a CSV file (003 §3.6)", tag: "Products"),
        Route("GET", "/api/v1/products/import/:jobId", m.getProductImport, request: t("GetProductImportRequest"), response: t("ProductImportJob"),
              scopes: ["products:import"], rate: .read,
              summary: "The progress and errors of an import (003 §3.6)", tag: "Products"),
        Route("POST", "/api/v1/products/export", m.startProductExport, request: t("StartProductExportRequest"), response: t("ProductExportJob"),
              scopes: ["products:export"], rate: .export, status: 202, body: .json,
              summary: "Start an export (003 §3.8)", tag: "Products"),
        Route("GET", "/api/v1/products/export/:jobId", m.getProductExport, request: t("GetProductExportRequest"), response: t("ProductExportJob"),
              scopes: ["products:export"], rate: .read,
              summary: "The status of an export, with its download URL once completed (003 §3.8)", tag: "Products"),
        Route("GET", "/api/v1/products/export/:jobId/download", m.downloadProductExport, request: t("DownloadProductExportRequest"),
              response: t("DownloadProductExportResponse"), scopes: ["products:export"], rate: .export, shape: .download, deadline: .seconds(60),
              summary: "Download an exported file until its URL expires (003 §3.8)", tag: "Products"),
        Route("GET", "/api/v1/products/:id", m.getProduct, request: t("GetProductRequest"), response: t("ProductDetail"),
              scopes: ["products:read"], rate: .read,
              summary: "One product in detail (003 §3.2)", tag: "Products"),
        Route("PATCH", "/api/v1/products/:id", m.updateProduct, request: t("UpdateProductRequest"), response: t("UpdateProductResponse"),
              scopes: ["products:write"], rate: .write, body: .json,
              summary: "Change the fields the body names (003 §3.4)", tag: "Products"),
        Route("DELETE", "/api/v1/products/:id", m.deleteProduct, request: t("DeleteProductRequest"), response: t("DeleteProductResponse"),
              scopes: ["products:delete"], rate: .delete, status: 204, shape: .empty,
              summary: "Delete a product, softly unless hard=true (003 §3.5)", tag: "Products"),
        Route("PUT", "/api/v1/products/:productId/related", m.setRelatedProducts, request: t("SetRelatedProductsRequest"),
              response: t("SetRelatedProductsResponse"), scopes: ["products:write"], rate: .write, body: .json,
              summary: "Replace the product's related products (003 §3.2 relatedProducts)", tag: "Products"),
        Route("GET", "/api/v1/vat-rates", m.listVatRates, request: t("ListVatRatesRequest"), response: t("ListVatRatesResponse"),
              scopes: ["products:read"], rate: .read, shape: .page,
              summary: "The tenant's VAT rate table, or the rates in force on one day", tag: "Products"),
        Route("PUT", "/api/v1/vat-rates", m.setVatRate, request: t("SetVatRateRequest"), response: t("VatRate"),
              scopes: ["admin:settings"], rate: .write, body: .json,
              summary: "Add or replace one row of the tenant's VAT rate table", tag: "Products"),

        // 003 §6 Stock.
        Route("GET", "/api/v1/stock", m.listStock, request: t("ListStockRequest"), response: t("ListStockResponse"),
              scopes: ["products:read"], rate: .read, shape: .page, defaults: paging.defaults, maximums: paging.maximums,
              summary: "Stock levels with reservations, last movement and alerts (003 §6.1)", tag: "Stock"),
        Route("GET", "/api/v1/stock/:productId/movements", m.listStockMovements, request: t("ListStockMovementsRequest"),
              response: t("ListStockMovementsResponse"), scopes: ["products:read"], rate: .read, shape: .page,
              defaults: paging.defaults, maximums: paging.maximums,
              summary: "The movement ledger of one product (003 §6.2)", tag: "Stock"),
        Route("POST", "/api/v1/stock/:productId/adjust", m.adjustStock, request: t("AdjustStockRequest"), response: t("AdjustStockResponse"),
              scopes: ["products:write"], rate: .write, body: .json,
              summary: "Set, add to or subtract from a product's stock (003 §6.3)", tag: "Stock"),
        Route("POST", "/api/v1/stock/reserve", m.reserveStock, request: t("ReserveStockRequest"), response: t("ReserveStockResponse"),
              scopes: ["negotiations:write"], rate: .write, status: 201, body: .json,
              summary: "Reserve stock for a negotiation (003 §6.4)", tag: "Stock"),
        Route("DELETE", "/api/v1/stock/reservations/:reservationId", m.releaseReservation, request: t("ReleaseReservationRequest"),
              response: t("ReleaseReservationResponse"), scopes: ["negotiations:write"], rate: .delete,
              summary: "Release a stock reservation (003 §6.5)", tag: "Stock"),
    ]
}
