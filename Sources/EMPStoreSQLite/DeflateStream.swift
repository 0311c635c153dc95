import CZlib
import EMPStore
import Foundation

/// `Deflate.compress` for bytes made a piece at a time: the same kept form (the original
/// size, then zlib's stream at level 6), without ever holding the uncompressed whole. A
/// measures batch of 150,000 rows is 70 MB uncompressed and 5 MB kept: the whole, its copy
/// and compress2's worst-case buffer were a first run's peak memory.
final class DeflateStream {
    /// zlib keeps a pointer to its stream: it lives at one address until `finish`.
    private let z = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private var pending: [UInt8] = []
    private var out: [UInt8] = Array(repeating: 0, count: 8)
    private var size: UInt64 = 0
    private static let chunk = 1 << 16

    init() {
        z.initialize(to: z_stream())
        let rc = deflateInit_(z, 6, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        precondition(rc == Z_OK, "zlib deflateInit failed: \(rc)")  // only out of memory
        pending.reserveCapacity(DeflateStream.chunk + 4096)
    }

    deinit {
        deflateEnd(z)
        z.deallocate()
    }

    func append(_ byte: UInt8) {
        pending.append(byte)
    }

    func append(contentsOf bytes: some Sequence<UInt8>) {
        pending.append(contentsOf: bytes)
        if pending.count >= DeflateStream.chunk { feed(Z_NO_FLUSH) }
    }

    /// The kept form of everything appended.
    func finish() -> Data {
        feed(Z_FINISH)
        withUnsafeBytes(of: size.littleEndian) { out.replaceSubrange(0..<8, with: $0) }
        return Data(out)
    }

    private func feed(_ flush: Int32) {
        size += UInt64(pending.count)
        var buffer = [UInt8](repeating: 0, count: DeflateStream.chunk)
        pending.withUnsafeMutableBufferPointer { input in
            z.pointee.next_in = input.baseAddress
            z.pointee.avail_in = uInt(input.count)
            var rc: Int32 = Z_OK
            // Until the input is taken (output space left over), or, finishing, the stream ends.
            repeat {
                let made = buffer.withUnsafeMutableBufferPointer { space -> Int in
                    z.pointee.next_out = space.baseAddress
                    z.pointee.avail_out = uInt(space.count)
                    rc = deflate(z, flush)
                    precondition(rc != Z_STREAM_ERROR, "zlib deflate failed: \(rc)")
                    return space.count - Int(z.pointee.avail_out)
                }
                out.append(contentsOf: buffer[0..<made])
            } while flush == Z_FINISH ? rc != Z_STREAM_END : z.pointee.avail_out == 0
        }
        pending.removeAll(keepingCapacity: true)
    }
}

/// `Deflate.decompress` a piece at a time: a kept measures batch is read row by row without
/// its 70 MB inflated whole (a nightly run restores every measures batch for measures.csv).
final class InflateStream {
    private let z = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private let input: [UInt8]
    private var consumed = 0
    private var buffer: [UInt8] = []
    private var at = 0
    private var size: UInt64 = 0
    private var produced: UInt64 = 0
    private var ended = false

    init(_ kept: Data) throws {
        z.initialize(to: z_stream())
        guard kept.count >= 8 else {
            z.deallocate()
            throw StoreError(.damaged, "a compressed value kept in the store is cut short")
        }
        size = kept.prefix(8).withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        input = Array(kept.dropFirst(8))
        let rc = inflateInit_(z, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        precondition(rc == Z_OK, "zlib inflateInit failed: \(rc)")  // only out of memory
    }

    deinit {
        inflateEnd(z)
        z.deallocate()
    }

    /// The next `n` bytes, or nil when the stream ends before them.
    func take(_ n: Int) throws -> ArraySlice<UInt8>? {
        while buffer.count - at < n && !ended { try inflateMore() }
        guard buffer.count - at >= n else { return nil }
        defer { at += n }
        return buffer[at..<at + n]
    }

    /// The next eight bytes as a little-endian integer, read in place (nil: the stream ended).
    func int64() throws -> Int64? {
        while buffer.count - at < 8 && !ended { try inflateMore() }
        guard buffer.count - at >= 8 else { return nil }
        defer { at += 8 }
        return buffer.withUnsafeBytes { Int64(littleEndian: $0.loadUnaligned(fromByteOffset: at, as: Int64.self)) }
    }

    /// The next `n` bytes, lent to `body` in place (nil: the stream ended first): a row of a
    /// batch is a few dozen fields, and a slice of the buffer for each retained it.
    func withBytes<R>(_ n: Int, _ body: (UnsafeRawBufferPointer) -> R) throws -> R? {
        while buffer.count - at < n && !ended { try inflateMore() }
        guard buffer.count - at >= n else { return nil }
        defer { at += n }
        return buffer.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[at..<at + n])) }
    }

    /// Checks that the stream ends where its kept size says.
    func finish() throws {
        while !ended { try inflateMore() }
        guard produced == size else { throw Self.damaged(Z_DATA_ERROR) }
    }

    static func damaged(_ rc: Int32) -> StoreError {
        StoreError(.damaged, "a compressed value kept in the store does not inflate (zlib \(rc))")
    }

    private func inflateMore() throws {
        if at > 0 {
            buffer.removeFirst(at)
            at = 0
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var rc: Int32 = Z_OK
        var made = 0
        input.withUnsafeBufferPointer { source in
            z.pointee.next_in = UnsafeMutablePointer(mutating: source.baseAddress.map { $0 + consumed })
            z.pointee.avail_in = uInt(source.count - consumed)
            chunk.withUnsafeMutableBufferPointer { space in
                z.pointee.next_out = space.baseAddress
                z.pointee.avail_out = uInt(space.count)
                rc = inflate(z, Z_NO_FLUSH)
                made = space.count - Int(z.pointee.avail_out)
            }
            consumed = source.count - Int(z.pointee.avail_in)
        }
        // A stream cut short makes no progress: damaged, never a loop.
        guard rc == Z_OK || rc == Z_STREAM_END, made > 0 || rc == Z_STREAM_END else { throw Self.damaged(rc) }
        ended = rc == Z_STREAM_END
        produced += UInt64(made)
        guard produced <= size else { throw Self.damaged(Z_DATA_ERROR) }
        buffer.append(contentsOf: chunk[0..<made])
    }
}
