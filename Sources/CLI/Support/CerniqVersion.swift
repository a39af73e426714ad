import Foundation
/// The version every component reports (health figures, the OpenAPI document):
/// `CERNIQ_VERSION` when the build or deployment sets it, else "dev".
enum CerniqVersion {
    static let current: String = {
        if let value = getenv("CERNIQ_VERSION") { return String(cString: value) }
        return "dev"
    }()
}
