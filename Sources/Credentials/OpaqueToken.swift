/// Random bearer secrets for refresh tokens, invitations and API keys (003 §2.2, §2.5).
///
/// Only the SHA-256 `digest` of a token is stored, and lookups go by digest: a leaked table
/// or backup does not reveal a usable key. A salt or a slow hash is unnecessary here, unlike
/// passwords: the token holds 256 random bits, so there is nothing to guess from the digest.
public enum OpaqueToken {
    /// Fewer random bytes than this (128 bits) would make tokens guessable online.
    public static let minimumBytes = 16

    /// `prefix` followed by `bytes` random bytes in unpadded base64url, for example
    /// `sk_live_` + 43 characters for 32 bytes. The prefix says what the token is, so a leaked
    /// one is recognized by secret scanners and by people; it carries no secret.
    public static func generate(prefix: String, bytes: Int = 32) -> String {
        precondition(bytes >= minimumBytes, "an opaque token needs at least 128 random bits")
        return prefix + Base64.encode(SecureRandom.bytes(bytes), alphabet: .url)
    }

    /// The SHA-256 of the token's UTF-8 text, prefix included: what gets stored and looked up.
    public static func digest(_ token: String) -> [UInt8] {
        SHA256.digest(Array(token.utf8))
    }

    /// `digest(token)` as 64 lowercase hex digits, for a text column.
    public static func digestHex(_ token: String) -> String {
        Hex.encode(digest(token))
    }
}
