import Crypto
import Foundation

public enum Digest {
    public static func sha256Hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// The SHA-256 of a file, read in 1 MiB pieces (memory stays flat); nil when it cannot be read.
    public static func sha256Hex(path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        } catch {
            return nil
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The SHA-256 of texts joined by a separator no field holds.
    public static func sha256Hex(fields: [String]) -> String {
        sha256Hex(Data(fields.joined(separator: "\u{1F}").utf8))
    }
}
