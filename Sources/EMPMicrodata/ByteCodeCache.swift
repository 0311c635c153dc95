/// What a field's text resolves to, remembered per distinct text: an id ≥ 0, or
/// `ByteCodeCache.slow` when the record must take the ordinary path (bad or odd text).
/// Texts of up to 16 bytes are keyed by their bytes packed in two words, so a lookup is a
/// hash, a probe and two compares; longer texts always take the ordinary path. Raw memory
/// (freed by `deallocate`), so reading it costs no reference counting.
struct ByteCodeCache {
    static let slow: Int32 = -1
    static let unseen: Int32 = -2

    private var lo: UnsafeMutablePointer<UInt64>
    private var hi: UnsafeMutablePointer<UInt64>
    private var len: UnsafeMutablePointer<UInt8>
    private var value: UnsafeMutablePointer<Int32>
    private var mask: Int
    private var used = 0
    /// Distinct texts kept at most: beyond it new texts are resolved but not remembered, so
    /// a column of junk cannot grow memory.
    static let limit = 1 << 14

    init(slots n: Int = 64) {
        lo = .allocate(capacity: n)
        hi = .allocate(capacity: n)
        len = .allocate(capacity: n)
        value = .allocate(capacity: n)
        len.initialize(repeating: 0xFF, count: n)
        mask = n - 1
    }

    func deallocate() {
        lo.deallocate()
        hi.deallocate()
        len.deallocate()
        value.deallocate()
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
        if (used + 1) * 2 > mask + 1 { grow() }
        var i = ByteCodeCache.hash(w0, w1, b.count) & mask
        while len[i] != 0xFF { i = (i + 1) & mask }
        (lo[i], hi[i], len[i], value[i]) = (w0, w1, UInt8(b.count), v)
        used += 1
    }

    private mutating func grow() {
        let old = self
        self = ByteCodeCache(slots: (mask + 1) * 2)
        used = old.used
        for j in 0...old.mask where old.len[j] != 0xFF {
            var i = ByteCodeCache.hash(old.lo[j], old.hi[j], Int(old.len[j])) & mask
            while len[i] != 0xFF { i = (i + 1) & mask }
            (lo[i], hi[i], len[i], value[i]) = (old.lo[j], old.hi[j], old.len[j], old.value[j])
        }
        old.deallocate()
    }
}
