/// A record as libcsv split it, seen in place in the reader's buffers: no copy per field.
/// Valid only during the callback that receives it; `materialize()` keeps a copy.
public struct RawRecord {
    /// The physical line the record starts on (1-based).
    public let line: Int
    public let problem: CSVRecord.Problem?
    let bytes: UnsafeBufferPointer<UInt8>
    let ends: UnsafeBufferPointer<Int>

    public var count: Int { ends.count }

    /// Bytes of all its fields.
    public var byteCount: Int { bytes.count }

    /// The bytes of field `i` (quotes removed).
    @inline(__always)
    public func field(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        let start = i == 0 ? 0 : ends[i - 1]
        return UnsafeBufferPointer(rebasing: bytes[start..<ends[i]])
    }

    public func materialize() -> CSVRecord {
        CSVRecord(line: line, fields: (0..<count).map { Array(field($0)) }, problem: problem)
    }
}

/// The fields of the record being parsed, back to back in one growing buffer (raw memory:
/// libcsv calls back once per field, and this is the per-field cost). Its owner frees it.
struct FieldBuffer {
    private var bytes: UnsafeMutablePointer<UInt8>
    private var byteCapacity = 1024
    private var used = 0
    private var ends: UnsafeMutablePointer<Int>
    private var endCapacity = 32
    private(set) var count = 0

    init() {
        bytes = .allocate(capacity: byteCapacity)
        ends = .allocate(capacity: endCapacity)
    }

    init(_ fields: [[UInt8]]) {
        self.init()
        for f in fields { f.withUnsafeBytes { append($0.baseAddress, $0.count) } }
    }

    func deallocate() {
        bytes.deallocate()
        ends.deallocate()
    }

    var isEmpty: Bool { count == 0 }

    /// Bytes of the fields so far.
    var byteCount: Int { used }

    @inline(__always)
    mutating func append(_ p: UnsafeRawPointer?, _ n: Int) {
        if used + n > byteCapacity { growBytes(used + n) }
        if count == endCapacity { growEnds() }
        if let p, n > 0 { (bytes + used).update(from: p.assumingMemoryBound(to: UInt8.self), count: n) }
        used += n
        ends[count] = used
        count += 1
    }

    private mutating func growBytes(_ need: Int) {
        var cap = byteCapacity * 2
        while cap < need { cap *= 2 }
        let b = UnsafeMutablePointer<UInt8>.allocate(capacity: cap)
        b.update(from: bytes, count: used)
        bytes.deallocate()
        (bytes, byteCapacity) = (b, cap)
    }

    private mutating func growEnds() {
        let e = UnsafeMutablePointer<Int>.allocate(capacity: endCapacity * 2)
        e.update(from: ends, count: count)
        ends.deallocate()
        (ends, endCapacity) = (e, endCapacity * 2)
    }

    mutating func removeAll() {
        used = 0
        count = 0
    }

    /// Cuts the last field at its first line feed (a quote never closed: what follows the
    /// line it opened on is read again as rows, so the quarantined row keeps only its own line).
    mutating func cutLastFieldAtLineFeed() {
        guard count > 0 else { return }
        let start = count == 1 ? 0 : ends[count - 2]
        var i = start
        while i < used, bytes[i] != 0x0A { i += 1 }
        if i < used {
            if i > start, bytes[i - 1] == 0x0D { i -= 1 }
            used = i
            ends[count - 1] = i
        }
    }

    func arrays() -> [[UInt8]] {
        (0..<count).map { i in
            let start = i == 0 ? 0 : ends[i - 1]
            return Array(UnsafeBufferPointer(start: bytes + start, count: ends[i] - start))
        }
    }

    @inline(__always)
    func withRecord(line: Int, problem: CSVRecord.Problem?, _ body: (RawRecord) -> Void) {
        body(
            RawRecord(
                line: line, problem: problem, bytes: UnsafeBufferPointer(start: bytes, count: used),
                ends: UnsafeBufferPointer(start: ends, count: count)))
    }
}
