import CZlib
import EMPStore
import Foundation

/// zlib's deflate for what the store keeps whole and reads whole (a measures batch's rows, a
/// kept `measures.csv`): they are most of a store's bytes and compress tenfold. The kept form is
/// the original size (8 bytes, little-endian) followed by zlib's stream. Public: the PostgreSQL
/// store keeps the same bytes.
public enum Deflate {
    public static func compress(_ data: Data) -> Data {
        var bound = compressBound(uLong(data.count))
        var out = Data(count: Int(bound) + 8)
        let rc = out.withUnsafeMutableBytes { dst in
            data.withUnsafeBytes { src in
                CZlib.compress2(
                    dst.baseAddress!.advanced(by: 8).assumingMemoryBound(to: Bytef.self), &bound,
                    src.baseAddress?.assumingMemoryBound(to: Bytef.self), uLong(data.count), 6)
            }
        }
        precondition(rc == Z_OK, "zlib compress2 failed: \(rc)")  // only out of memory
        withUnsafeBytes(of: UInt64(data.count).littleEndian) { out.replaceSubrange(0..<8, with: $0) }
        return out.prefix(Int(bound) + 8)
    }

    public static func decompress(_ kept: Data) throws -> Data {
        guard kept.count >= 8 else { throw StoreError(.damaged, "a compressed value kept in the store is cut short") }
        let size = kept.prefix(8).withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard size < 1 << 36 else {
            throw StoreError(.damaged, "a compressed value kept in the store says \(size) bytes")
        }
        var out = Data(count: Int(size))
        var length = uLong(size)
        let body = kept.dropFirst(8)
        let rc = out.withUnsafeMutableBytes { dst in
            body.withUnsafeBytes { src in
                uncompress(
                    dst.baseAddress?.assumingMemoryBound(to: Bytef.self) ?? UnsafeMutablePointer(bitPattern: 1)!,
                    &length,
                    src.baseAddress?.assumingMemoryBound(to: Bytef.self), uLong(body.count))
            }
        }
        guard rc == Z_OK, length == uLong(size) else {
            throw StoreError(.damaged, "a compressed value kept in the store does not inflate (zlib \(rc))")
        }
        return out
    }
}
