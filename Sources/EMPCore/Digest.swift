import Crypto
import Foundation

public enum Digest {
    public static func sha256Hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// The SHA-256 of a file, read in 1 MiB pieces (memory stays flat); nil when it cannot be
    /// read or is not a file emp reads (`InputFile`: a FIFO would block, a device never end).
    public static func sha256Hex(path: String) -> String? {
        guard let file = try? InputFile.open(path) else { return nil }
        var hasher = SHA256()
        var offset = 0
        while true {
            guard let chunk = try? file.read(at: offset, count: 1 << 20) else { return nil }
            if chunk.isEmpty { break }
            hasher.update(data: chunk)
            offset += chunk.count
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The SHA-256 of texts joined by a separator no field holds.
    public static func sha256Hex(fields: [String]) -> String {
        sha256Hex(Data(fields.joined(separator: "\u{1F}").utf8))
    }
}
