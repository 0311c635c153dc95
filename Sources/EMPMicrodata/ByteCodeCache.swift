/// What a field's text resolves to, remembered per distinct text: an id ≥ 0, or
/// `ByteCodeCache.slow` when the record must take the ordinary path (bad or odd text).
/// Texts of up to 16 bytes are keyed by their bytes packed in two words, so a lookup is a
/// hash, a probe and two compares; longer texts always take the ordinary path.
struct ByteCodeCache {
    static let slow: Int32 = -1
    static let unseen: Int32 = -2

    private var lo: [UInt64]
    private var hi: [UInt64]
    private var len: [UInt8]
    private var value: [Int32]
    private var mask: Int
    private var used = 0
    /// Distinct texts kept at most: beyond it new texts are resolved but not remembered, so
    /// a column of junk cannot grow memory.
    static let limit = 1 << 14

    init() {
        let n = 64
        lo = Array(repeating: 0, count: n)
        hi = Array(repeating: 0, count: n)
        len = Array(repeating: 0xFF, count: n)
        value = Array(repeating: 0, count: n)
        mask = n - 1
    }

    @inline(__always)
    static func pack(_ b: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64)? {
        let n = b.count
        guard n <= 16 else { return nil }
        var w0: UInt64 = 0, w1: UInt64 = 0
        var i = 0
        while i < min(n, 8) { w0 |= UInt64(b[i]) << (8 * UInt64(i)); i += 1 }
        while i < n { w1 |= UInt64(b[i]) << (8 * UInt64(i - 8)); i += 1 }
        return (w0, w1)
    }

    @inline(__always)
    static func hash(_ w0: UInt64, _ w1: UInt64, _ n: Int) -> Int {
        var h = (w0 ^ (w1 &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(n)) &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 31
        return Int(truncatingIfNeeded: h)
    }

    /// The remembered value of a text, `unseen` when it is new, `slow` when it cannot be keyed.
    @inline(__always)
    func lookup(_ b: UnsafeBufferPointer<UInt8>) -> Int32 {
        guard let (w0, w1) = ByteCodeCache.pack(b) else { return ByteCodeCache.slow }
        var i = ByteCodeCache.hash(w0, w1, b.count) & mask
        let n = UInt8(b.count)
        while true {
            let l = len[i]
            if l == 0xFF { return ByteCodeCache.unseen }
            if l == n && lo[i] == w0 && hi[i] == w1 { return value[i] }
            i = (i + 1) & mask
        }
    }

    mutating func insert(_ b: UnsafeBufferPointer<UInt8>, _ v: Int32) {
        guard used < ByteCodeCache.limit, let (w0, w1) = ByteCodeCache.pack(b) else { return }
        if (used + 1) * 2 > lo.count { grow() }
        var i = ByteCodeCache.hash(w0, w1, b.count) & mask
        while len[i] != 0xFF { i = (i + 1) & mask }
        (lo[i], hi[i], len[i], value[i]) = (w0, w1, UInt8(b.count), v)
        used += 1
    }

    private mutating func grow() {
        let old = (lo, hi, len, value)
        let n = lo.count * 2
        lo = Array(repeating: 0, count: n)
        hi = Array(repeating: 0, count: n)
        len = Array(repeating: 0xFF, count: n)
        value = Array(repeating: 0, count: n)
        mask = n - 1
        for j in old.2.indices where old.2[j] != 0xFF {
            var i = ByteCodeCache.hash(old.0[j], old.1[j], Int(old.2[j])) & mask
            while len[i] != 0xFF { i = (i + 1) & mask }
            (lo[i], hi[i], len[i], value[i]) = (old.0[j], old.1[j], old.2[j], old.3[j])
        }
    }
}
