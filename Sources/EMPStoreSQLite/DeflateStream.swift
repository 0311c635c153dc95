import CZlib
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
