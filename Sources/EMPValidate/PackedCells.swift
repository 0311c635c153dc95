/// A row's cells as read, packed into one buffer (each cell's length, then its bytes). A
/// held row keeps them only in case the cross-row checks reject it (its quarantine record has
/// every cell): decoding every cell of every row into a `String`, and holding an array of
/// them per row, cost more than the rest of the row.
struct PackedCells {
    private var bytes: [UInt8] = []

    init(_ fields: [[UInt8]]) {
        bytes.reserveCapacity(fields.reduce(0) { $0 + $1.count + 4 })
        for field in fields {
            withUnsafeBytes(of: UInt32(field.count).littleEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: field)
        }
    }

    /// The cells as texts (bytes that are not UTF-8 as U+FFFD, as `SourceIngest` decodes them).
    var strings: [String] {
        var out: [String] = []
        var at = 0
        while at + 4 <= bytes.count {
            let n = Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
            out.append(String(decoding: bytes[(at + 4)..<(at + 4 + n)], as: UTF8.self))
            at += 4 + n
        }
        return out
    }
}
