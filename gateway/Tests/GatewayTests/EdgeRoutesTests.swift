import Foundation
import ProtoJSON
import Testing

/// What every request meets before a service: the envelope, request ids, unknown routes,
/// malformed HTTP, health and the document — always JSON, never a crash.
@Suite struct EdgeRoutesTests {
    @Test func requestIdsTravelInAndOut() async throws {
        try await GatewayHarness.with { h in
            let given = try await h.call("GET", "/api/v1/products", headers: [("X-Request-Id", "client-42")])
            #expect(given.headers["x-request-id"] == "client-42")
            #expect(given.json?["meta"]?["requestId"] == .string("client-42"))
            let correlation = try await h.call("GET", "/api/v1/nowhere", headers: [("X-Correlation-ID", "corr-7")])
            #expect(correlation.json?["error"]?["requestId"] == .string("corr-7"))
            let unsafe = try await h.call("GET", "/api/v1/products", headers: [("X-Request-Id", "a b\"c")])
            #expect(unsafe.headers["x-request-id"]?.hasPrefix("req_") == true)
            #expect(given.json?["meta"]?["duration"]?.numberText != nil)
            #expect(given.json?["meta"]?["timestamp"]?.stringValue?.hasSuffix("Z") == true)
        }
    }

    @Test func unknownRoutesAndMethods_areJSONErrors() async throws {
        try await GatewayHarness.with { h in
            let missing = try await h.call("GET", "/api/v1/nowhere")
            #expect(missing.status == 404)
            #expect(missing.errorCode == "RES_NOT_FOUND")
            #expect(missing.json?["success"] == .bool(false))
            let method = try await h.call("PUT", "/api/v1/products")
            #expect(method.status == 405)
            #expect(method.headers["allow"] == "GET, POST")
        }
    }

    @Test func malformedHTTP_isAnsweredWithTheEnvelopeAndTheRightStatus() async throws {
        try await GatewayHarness.with { h in
            let garbage = try await h.raw("HELLO\r\n\r\n")
            #expect(garbage.status == 400)
            #expect(garbage.errorCode == "VAL_INVALID_FORMAT")
            let version = try await h.raw("GET / HTTP/2.0\r\nHost: x\r\n\r\n")
            #expect(version.status == 505)
            let smuggling = try await h.raw("POST /api/v1/products HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
            #expect(smuggling.status == 400)
            let longLine = try await h.raw("GET /\(String(repeating: "a", count: 9000)) HTTP/1.1\r\n\r\n")
            #expect(longLine.status == 414)
            let headers = try await h.raw("GET / HTTP/1.1\r\n" + (0..<200).map { "X-H\($0): v\r\n" }.joined() + "\r\n")
            #expect(headers.status == 431)
            let auth = "Authorization: Bearer \(h.token())\r\n"
            let big = try await h.raw("POST /api/v1/products HTTP/1.1\r\nHost: x\r\n\(auth)Content-Type: application/json\r\nContent-Length: \(2 << 20)\r\n\r\n")
            #expect(big.status == 413)
            #expect(big.errorCode == "VAL_OUT_OF_RANGE")
            for reply in [garbage, version, smuggling, longLine, headers, big] {
                #expect(reply.headers["content-type"] == "application/json; charset=utf-8")
            }
        }
    }

    @Test func healthRoutes() async throws {
        try await GatewayHarness.with { h in
            let ping = try await h.call("GET", "/health/ping", token: .some(nil))
            #expect(ping.status == 200)
            #expect(ping.text == #"{"success":true,"data":{"status":"ok"}}"#)
            #expect(try await h.call("GET", "/health/live", token: .some(nil)).data?["status"] == .string("ok"))
            let ready = try await h.call("GET", "/health/ready", token: .some(nil))
            #expect(ready.status == 200)
            #expect(ready.data?["upstreams"]?["catalog"]?["status"] == .string("serving"))
            let full = try await h.call("GET", "/health", token: .some(nil))
            #expect(full.data?["upstreams"]?["catalog"]?["latencyMs"]?.numberText != nil)
            h.gateway.beginDraining()
            let draining = try await h.call("GET", "/health/ready", token: .some(nil))
            #expect(draining.status == 503)
            #expect(draining.errorCode == "SYS_SERVICE_UNAVAILABLE")
        }
    }

    @Test func theOpenAPIDocumentIsServedAtBothPaths() async throws {
        try await GatewayHarness.with { h in
            for path in ["/api/v1/openapi.json", "/api/docs-json"] {
                let document = try await h.call("GET", path, token: .some(nil))
                #expect(document.status == 200)
                #expect(document.json?["openapi"] == .string("3.1.0"))
            }
        }
    }
}

/// Import and export as jobs (003 §3.6, §3.8): 202, then the job's status, then the file.
@Suite struct JobRoutesTests {
    /// Polls a job's route until it leaves queued/processing (the worker runs in the service).
    func waitForJob(_ h: GatewayHarness, _ path: String) async throws -> Reply {
        for _ in 0..<600 {
            let reply = try await h.call("GET", path)
            if let status = reply.data?["status"]?.stringValue, status != "queued" && status != "processing" { return reply }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("job \(path) did not finish")
        return try await h.call("GET", path)
    }

    @Test func importAMultipartCSV_thenExportAndDownloadIt() async throws {
        try await GatewayHarness.with { h in
            let boundary = "cerniq-test-boundary"
            let csv = "Cod,Nume,Categorie,Pret,TVA,UM\nI-1,Surub,feronerie,0.50,21,buc\nI-2,Piulita,feronerie,abc,21,buc\n"
            let form = "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"produse.csv\"\r\nContent-Type: text/csv\r\n\r\n\(csv)\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"mapping\"\r\n\r\n"
                + #"{"Cod":"sku","Nume":"name","Categorie":"category","Pret":"price","TVA":"vatRate","UM":"unit"}"# + "\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"options\"\r\n\r\n"
                + #"{"updateExisting":false,"skipInvalid":true}"# + "\r\n--\(boundary)--\r\n"
            let started = try await h.call("POST", "/api/v1/products/import", headers: [("Content-Type", "multipart/form-data; boundary=\(boundary)")],
                                           body: form)
            #expect(started.status == 202)
            let job = try #require(started.data?["jobId"]?.stringValue)
            let done = try await waitForJob(h, "/api/v1/products/import/\(job)")
            #expect(done.data?["createdCount"] == .number("1"))
            #expect(done.data?["errors"]?.arrayValue?.first?["field"] == .string("price"))

            let export = try await h.call("POST", "/api/v1/products/export", json: #"{"format":"csv"}"#)
            #expect(export.status == 202)
            let exportJob = try #require(export.data?["jobId"]?.stringValue)
            let finished = try await waitForJob(h, "/api/v1/products/export/\(exportJob)")
            let url = try #require(finished.data?["downloadUrl"]?.stringValue)
            let file = try await h.call("GET", url)
            #expect(file.status == 200)
            #expect(file.headers["content-type"]?.hasPrefix("text/csv") == true)
            #expect(file.text.contains("I-1"))
            #expect(!file.text.contains("I-2"))

            let unknown = try await h.call("GET", "/api/v1/products/export/\(UUID().uuidString.lowercased())/download")
            #expect(unknown.status == 404)
            let malformed = try await h.call("POST", "/api/v1/products/import", headers: [("Content-Type", "multipart/form-data; boundary=x")], body: "garbage")
            #expect(malformed.status == 400)
            #expect(malformed.errorCode == "VAL_INVALID_FORMAT")
        }
    }
}
