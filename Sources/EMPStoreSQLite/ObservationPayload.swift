import EMPCore
import EMPStore
import Foundation

/// A batch's observations as one value, for the batches the store only ever gives back whole
/// (ready-made `measures`: never summed, never restored per country). One row per observation
/// made them most of a store (356,000 rows, 36 MB, for the real-world pipeline); kept as one
/// deflated payload they take a tenth. Each observation is its fields in a fixed order, texts
/// length-prefixed (any byte may be in a source's cell), the value as its 64 bits: it reads back
/// exactly as it was written. Public: the PostgreSQL store keeps the same payload.
public enum ObservationPayload {
    public static let version: UInt8 = 1

    public static func encode(_ rows: some Collection<Observation>) -> Data {
        // Deflated as it is made, never whole (`DeflateStream`).
        let out = DeflateStream()
        out.append(version)
        func int(_ v: Int64) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func text(_ s: String?) {
            guard let s else { int(-1); return }
            int(Int64(s.utf8.count))
            out.append(contentsOf: s.utf8)
        }
        int(Int64(rows.count))
        for o in rows {
            let d = o.dims
            // In the order `decode` reads them.
            text(o.domain.rawValue)
            text(o.refArea)
            text(o.direction?.rawValue)
            text(d.sex)
            text(d.age)
            text(d.partner)
            text(d.duration)
            text(d.reason)
            text(d.education)
            text(d.sector)
            text(d.occupation)
            text(o.status.code)
            text(o.currency)
            text(o.measure)
            text(o.unit)
            text(o.period)
            int(Int64(o.year))
            int(Int64(o.line))
            int(o.value.map { Int64(bitPattern: $0.bitPattern) } ?? 0)
            out.append(o.value == nil ? 0 : 1)
        }
        return out.finish()
    }

    /// Each observation, in order, to `each` (never all of them at once: they are the
    /// table's rows soon after); `status`: a flag's code to the flag (the store's list);
    /// `naming`: only the rows whose reporting country or partner is one of these (decided on
    /// the row's texts, before an observation is made of it).
    public static func decode(
        _ kept: Data, batch: Int64, status: (String) throws -> ObsStatus, naming: Set<String>? = nil,
        _ each: (Observation) throws -> Void
    ) throws {
        // Inflated as it is read, never whole (`InflateStream`).
        let data = try InflateStream(kept)
        let damaged = StoreError(.damaged, "batch \(batch): its kept rows do not read back")
        func int() throws -> Int64 {
            guard let n = try data.int64() else { throw damaged }
            return n
        }
        // Per field, the previous row's bytes and text: neighbouring rows mostly repeat them
        // (a corridor's country, measure and unit), and the same text is then not made again
        // (compared in place, before any copy of the bytes is made).
        var lastBytes = [[UInt8]](repeating: [], count: 16), lastText = [String?](repeating: nil, count: 16)
        func text(_ field: Int) throws -> String? {
            let n = try int()
            if n == -1 { return nil }
            guard n >= 0, n < 1 << 36 else { throw damaged }
            let same = try data.withBytes(Int(n)) { bytes -> Bool in
                if lastText[field] != nil, lastBytes[field].elementsEqual(bytes) { return true }
                lastBytes[field] = Array(bytes)
                return false
            }
            guard let same else { throw damaged }
            if same { return lastText[field] }
            let s = String(decoding: lastBytes[field], as: UTF8.self)
            lastText[field] = s
            return s
        }
        // The previous row's domain, direction and flag, by its text (the same `String` when repeated).
        var lastDomain: (text: String, domain: Domain)?
        var lastDirection: (text: String, direction: Direction?)?
        var lastStatus: (text: String, status: ObsStatus)?
        func domainOf(_ t: String?) -> Domain? {
            guard let t else { return nil }
            if let last = lastDomain, last.text == t { return last.domain }
            guard let d = Domain(rawValue: t) else { return nil }
            lastDomain = (t, d)
            return d
        }
        func directionOf(_ t: String?) -> Direction? {
            guard let t else { return nil }
            if let last = lastDirection, last.text == t { return last.direction }
            let d = Direction(rawValue: t)
            lastDirection = (t, d)
            return d
        }
        func statusOf(_ t: String) throws -> ObsStatus {
            if let last = lastStatus, last.text == t { return last.status }
            let s = try status(t)
            lastStatus = (t, s)
            return s
        }
        guard let first = try data.take(1), first.first == version else {
            throw StoreError(.incompatible, "batch \(batch): kept rows of another emp")
        }
        let count = try int()
        guard count >= 0 else { throw damaged }
        var t = [String?](repeating: nil, count: 16)
        for _ in 0..<count {
            for field in 0..<16 { t[field] = try text(field) }
            let year = Int(try int()), line = Int(try int()), bits = try int()
            guard let flag = try data.take(1), let domain = domainOf(t[0]) else { throw damaged }
            if let naming, !naming.contains(t[1] ?? ""), !naming.contains(t[5] ?? "_T") { continue }
            let hasValue = flag.first == 1
            var dims = Dimensions()
            (dims.sex, dims.age, dims.partner, dims.duration) = (t[3] ?? "_T", t[4] ?? "_T", t[5] ?? "_T", t[6] ?? "_T")
            (dims.reason, dims.education, dims.sector, dims.occupation) = (
                t[7] ?? "_T", t[8] ?? "_T", t[9] ?? "_T", t[10] ?? "_T"
            )
            var o = Observation(
                domain: domain, refArea: t[1] ?? "", year: year, direction: directionOf(t[2]), dims: dims,
                value: hasValue ? Double(bitPattern: UInt64(bitPattern: bits)) : nil,
                status: try statusOf(t[11] ?? "A"),
                currency: t[12], line: line)
            (o.measure, o.unit, o.period) = (t[13], t[14], t[15])
            try each(o)
        }
        try data.finish()
    }
}
