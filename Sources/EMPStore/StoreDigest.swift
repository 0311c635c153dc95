import Crypto
import Foundation

/// SHA-256 as hex, the same texts as `EMPRead.Digest` (which this module does not depend on):
/// digests the pipeline computed and the store checks must agree byte for byte.
enum StoreDigest {
    static func sha256Hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// The SHA-256 of texts joined by a separator no field holds (`Digest.sha256Hex(fields:)`).
    static func sha256Hex(fields: [String]) -> String {
        sha256Hex(Data(fields.joined(separator: "\u{1F}").utf8))
    }
}
