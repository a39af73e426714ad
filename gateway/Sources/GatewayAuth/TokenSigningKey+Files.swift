import Foundation

extension TokenSigningKey {
    /// The file names a key pair gets in a folder (`cerniq token keygen`, `cerniq certs`).
    public static let privateKeyFileName = "token-signing.pem"
    public static let publicKeyFileName = "token-signing.pub.pem"

    /// Writes the private key PEM to `privateKeyPath` (mode 0600) and the public key PEM to
    /// `publicKeyPath` (0644). Refuses to replace either file: a lost signing key signs out
    /// every user, so replacing one is for an operator to do by hand.
    public func write(privateKeyTo privateKeyPath: String, publicKeyTo publicKeyPath: String) throws(TokenKeyError) {
        for path in [privateKeyPath, publicKeyPath] where FileManager.default.fileExists(atPath: path) {
            throw TokenKeyError("\(path) already exists; not replacing a key")
        }
        try KeyFile.create(pem(), at: privateKeyPath, mode: 0o600)
        try KeyFile.create(publicKeyPEM, at: publicKeyPath, mode: 0o644)
    }

    /// Reads a private key PEM file.
    public static func read(privateKeyPath: String, kid: String) throws(TokenKeyError) -> TokenSigningKey {
        let text = try KeyFile.read(privateKeyPath)
        do {
            return try TokenSigningKey(pem: text, kid: kid)
        } catch {
            throw TokenKeyError("\(privateKeyPath): \(error.message)", openSSLErrors: error.openSSLErrors)
        }
    }

    /// The development key pair in `directory` (`token-signing.pem`, `token-signing.pub.pem`),
    /// made with `kid` when absent. A present private key is kept, so tokens minted on earlier
    /// runs stay valid; a missing public file is rewritten from it.
    /// - Returns: whether a new key was generated.
    @discardableResult
    public static func ensureDevelopmentKey(in directory: String, kid: String = "dev") throws(TokenKeyError) -> Bool {
        let privatePath = (directory as NSString).appendingPathComponent(privateKeyFileName)
        let publicPath = (directory as NSString).appendingPathComponent(publicKeyFileName)
        if FileManager.default.fileExists(atPath: privatePath) {
            let key = try read(privateKeyPath: privatePath, kid: kid)
            if !FileManager.default.fileExists(atPath: publicPath) {
                try KeyFile.create(key.publicKeyPEM, at: publicPath, mode: 0o644)
            }
            return false
        }
        try generate(kid: kid).write(privateKeyTo: privatePath, publicKeyTo: publicPath)
        return true
    }
}
