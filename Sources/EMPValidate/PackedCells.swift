/// The cells of every held row as read, packed one row after the other into one buffer. A
/// held row keeps them only in case the cross-row checks reject it (its quarantine record has
/// every cell): decoding every cell of every row into a `String`, or an array of bytes per
/// row, cost more than the rest of the row.
///
/// A row is its cell count, how many of its first cells an earlier row keeps and where that
/// row starts (the cells of a wide line share the line's identifying columns), then its other
/// cells, each as its length and bytes. A 60-year line keeps its
/// country's cells once, not 60 times.
///
/// The buffer is a list of chunks of 1 MiB (a row larger than that has one of its own), so it
/// never doubles: a row's place is its chunk and its offset in it. The chunk being filled is
/// held apart from the full ones (appending through the list checked it was unique per byte run).
struct PackedCells {
    private var chunks: [[UInt8]] = []
    /// The chunk being filled, its bytes up to `used` written.
    private var current: [UInt8] = []
    private var used = 0
    private static let chunk = 1 << 20
    /// The last row kept with all its cells, and those cells: what the next rows share.
    private var base = -1
    private var baseFields: [[UInt8]] = []

    /// Packs one row's cells; returns where they start.
    mutating func add(_ fields: [[UInt8]]) -> Int {
        var shared = 0
        while shared < fields.count, shared < baseFields.count, fields[shared] == baseFields[shared] { shared += 1 }
        // Sharing one short cell saves less than the reference costs.
        if shared < 2 { shared = 0 }
        var size = 16
        for i in shared..<fields.count { size += 4 + fields[i].count }
        if used + size > current.count {
            if !current.isEmpty { chunks.append(current) }
            // Zero-filled once and written in place: appending four bytes at a time was most of packing.
            current = [UInt8](repeating: 0, count: max(size, PackedCells.chunk))
            used = 0
        }
        let at = chunks.count << 32 | used
        if shared == 0 { (base, baseFields) = (at, fields) }
        let b = shared == 0 ? 0 : base
        var o = used
        current.withUnsafeMutableBytes { out in
            func word(_ n: Int) {
                out.storeBytes(of: UInt32(truncatingIfNeeded: n).littleEndian, toByteOffset: o, as: UInt32.self)
                o += 4
            }
            word(fields.count)
            word(shared)
            word(b & 0xFFFF_FFFF)
            word(b >> 32)
            for i in shared..<fields.count {
                word(fields[i].count)
                fields[i].withUnsafeBytes { cell in
                    if let src = cell.baseAddress, cell.count > 0 {
                        (out.baseAddress! + o).copyMemory(from: src, byteCount: cell.count)
                    }
                }
                o += fields[i].count
            }
        }
        used = o
        return at
    }

    /// The chunk of a place: a full one, or the one being filled.
    private func bytes(of place: Int) -> [UInt8] {
        let c = place >> 32
        return c < chunks.count ? chunks[c] : current
    }

    /// The cells of the row packed at `at`, as texts (bytes that are not UTF-8 as U+FFFD, as
    /// `SourceIngest` decodes them).
    func strings(at place: Int) -> [String] {
        let bytes = bytes(of: place), start = place & 0xFFFF_FFFF
        let count = Self.word(bytes, at: start), shared = Self.word(bytes, at: start + 4)
        // A row shared from always keeps its own cells (shared == 0).
        var out = shared == 0 ? [] : Array(strings(at: base(of: place)).prefix(shared))
        var at = start + 16
        for _ in shared..<count {
            let n = Self.word(bytes, at: at)
            out.append(String(decoding: bytes[(at + 4)..<(at + 4 + n)], as: UTF8.self))
            at += 4 + n
        }
        return out
    }

    /// The place of the row whose cells a row shares (itself when it shares none).
    private func base(of place: Int) -> Int {
        let bytes = bytes(of: place), start = place & 0xFFFF_FFFF
        guard Self.word(bytes, at: start + 4) > 0 else { return place }
        return Self.word(bytes, at: start + 8) | Self.word(bytes, at: start + 12) << 32
    }

    private static func word(_ bytes: [UInt8], at i: Int) -> Int {
        Int(bytes[i]) | Int(bytes[i + 1]) << 8 | Int(bytes[i + 2]) << 16 | Int(bytes[i + 3]) << 24
    }

    /// Lets go of the chunks no row from `place` on reads: those before the chunk of the
    /// row's base (later rows share from it or from a later one), for a reader that goes in order.
    mutating func drop(before place: Int) {
        for c in 0..<Swift.min(base(of: place) >> 32, chunks.count) where !chunks[c].isEmpty { chunks[c] = [] }
    }

    mutating func removeAll() { self = PackedCells() }
}
