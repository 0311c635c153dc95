import Crypto
import EMPAggregate
import EMPCore
import Foundation
import GRDB
import EMPStore

/// How the store writes and reads back the parts of a batch that are not plain columns: the
/// eight breakdowns, microdata counter blocks (sparse), flags, group keys; and the digest of
/// each country's rows. Public: the PostgreSQL store writes and digests the same way.
extension SQLiteStore {
    /// The eight breakdowns, stored as consecutive columns from `first` in `Dimensions.Field` order.
    static func dimensions(_ row: Row, from first: Int) -> Dimensions {
        var dims = Dimensions()
        (dims.sex, dims.age, dims.partner, dims.duration) = (row[first], row[first + 1], row[first + 2], row[first + 3])
        (dims.reason, dims.education, dims.sector, dims.occupation) = (
            row[first + 4], row[first + 5], row[first + 6], row[first + 7]
        )
        return dims
    }

    /// A counter block keeps its non-zero counters only (most cells of a block are empty):
    /// per counter its index (UInt16) and value (Int64), little-endian.
    /// Written into bytes sized once (appending to `Data` ten bytes at a time was most of
    /// keeping a 1M-row batch).
    public static func sparse(_ counters: [Int64]) -> Data {
        let used = counters.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
        var bytes = [UInt8](repeating: 0, count: used * 10)
        var at = 0
        for (i, c) in counters.enumerated() where c != 0 {
            bytes[at] = UInt8(truncatingIfNeeded: i)
            bytes[at + 1] = UInt8(truncatingIfNeeded: i >> 8)
            let v = UInt64(bitPattern: c)
            for b in 0..<8 { bytes[at + 2 + b] = UInt8(truncatingIfNeeded: v >> (8 * b)) }
            at += 10
        }
        return Data(bytes)
    }

    public static func dense(_ data: Data) -> [Int64]? {
        guard data.count % 10 == 0 else { return nil }
        var counters = [Int64](repeating: 0, count: MicrodataStore.blockSize)
        let bytes = [UInt8](data)
        for at in stride(from: 0, to: bytes.count, by: 10) {
            let i = Int(UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8)
            var v: UInt64 = 0
            for b in 0..<8 { v |= UInt64(bytes[at + 2 + b]) << (8 * b) }
            guard i < counters.count else { return nil }
            counters[i] = Int64(bitPattern: v)
        }
        return counters
    }

    func status(_ code: String) throws -> ObsStatus {
        if code == ObsStatus.normal.code { return .normal }
        guard let s = flags[code] else { throw StoreError(.incompatible, "unknown OBS_STATUS '\(code)' in the store") }
        return s
    }

    public static func groupKey(_ area: String, _ year: Int, _ direction: String) throws -> MicrodataStore.GroupKey {
        guard let d = Direction(rawValue: direction) else {
            throw StoreError(.incompatible, "unknown direction '\(direction)' in the store")
        }
        return MicrodataStore.GroupKey(refArea: area, year: year, direction: d)
    }
}

/// One SHA-256 per country over the rows of a batch, in row order (both stores).
public struct CountryDigests {
    var hashers: [String: SHA256] = [:]

    public init() {}

    /// One row's bytes, reused from row to row.
    private var line: [UInt8] = []

    /// Hashes the fields in place (no copy of the hasher per row): separated by U+001F, the
    /// row ended by U+001E, written straight into a reused buffer (joining them into a
    /// `String` and copying that into `Data` was 5% of a first run).
    public mutating func add(_ area: String, _ fields: [String], _ data: Data? = nil) {
        line.removeAll(keepingCapacity: true)
        for (i, field) in fields.enumerated() {
            if i > 0 { line.append(0x1F) }
            line.append(contentsOf: field.utf8)
        }
        line.append(0x1E)
        line.withUnsafeBytes { hashers[area, default: SHA256()].update(bufferPointer: $0) }
        if let data { hashers[area]!.update(data: data) }
    }

    /// Bytes already laid out as `add` lays rows out (one row or several of one country).
    public mutating func add(_ area: String, bytes: UnsafeRawBufferPointer) {
        hashers[area, default: SHA256()].update(bufferPointer: bytes)
    }

    public func finish() -> [(String, String)] {
        hashers.sorted { $0.key < $1.key }.map {
            ($0.key, $0.value.finalize().map { String(format: "%02x", $0) }.joined())
        }
    }
}
