import EMPCore
import Foundation

extension ObservationPayload {
    /// `encode(_:)` of a table's rows and their countries' digests (`CountryDigests.add` of
    /// `SQLiteStore.digestFields`, row by row), in one pass over the table's numbers: each
    /// distinct text's bytes are made once, where making every row an `Observation` and its
    /// fields `String`s again was most of keeping a measures batch (a DataBank file's 150,000
    /// rows: a sixth of a first run). The same bytes and the same digests, to the bit (tested).
    public static func encode(_ table: ObservationTable, digests: inout CountryDigests) -> Data {
        let texts = table.texts.map { Array($0.utf8) }
        let prefixed = texts.map { lengthPrefixed($0) }
        let none = withUnsafeBytes(of: Int64(-1).littleEndian) { Array($0) }
        let domains = ObservationTable.domains.map { Array($0.rawValue.utf8) }
        let directions = [[UInt8]()] + ObservationTable.directions.map { Array($0.rawValue.utf8) }
        let statuses = table.statusList.map { Array($0.code.utf8) }
        let domainsPrefixed = domains.map(lengthPrefixed), statusesPrefixed = statuses.map(lengthPrefixed)
        let directionsPrefixed = [none] + directions.dropFirst().map(lengthPrefixed)
        func field(_ id: Int32) -> [UInt8] { id < 0 ? none : prefixed[Int(id)] }

        let out = DeflateStream()
        out.append(version)
        var row: [UInt8] = [], line: [UInt8] = [], run: [UInt8] = []
        var runArea: Int32 = -1
        func flush() {
            guard runArea >= 0 else { return }
            run.withUnsafeBytes { digests.add(table.texts[Int(runArea)], bytes: $0) }
            run.removeAll(keepingCapacity: true)
        }
        out.append(contentsOf: int(Int64(table.count)))
        for r in table.rows {
            let d = r.dims
            let domain = domains[Int(r.domain)], direction = directions[Int(r.direction)]
            let status = statuses[Int(r.status)]
            // The payload's row, in the order `decode` reads it.
            row.removeAll(keepingCapacity: true)
            row += domainsPrefixed[Int(r.domain)]
            row += prefixed[Int(r.refArea)]
            row += directionsPrefixed[Int(r.direction)]
            withUnsafeBytes(of: d) { for id in $0.assumingMemoryBound(to: Int32.self) { row += prefixed[Int(id)] } }
            row += statusesPrefixed[Int(r.status)]
            row += field(r.currency)
            row += field(r.measure)
            row += field(r.unit)
            row += field(r.period)
            append(Int64(r.year), to: &row)
            append(Int64(r.line), to: &row)
            append(r.hasValue ? Int64(bitPattern: r.value.bitPattern) : 0, to: &row)
            row.append(r.hasValue ? 1 : 0)
            out.append(contentsOf: row)
            // The digest's line: `digestFields`, U+001F between fields, U+001E after.
            line.removeAll(keepingCapacity: true)
            line += domain
            line.append(0x1F)
            line += direction
            withUnsafeBytes(of: d) {
                for id in $0.assumingMemoryBound(to: Int32.self) {
                    line.append(0x1F)
                    line += texts[Int(id)]
                }
            }
            line.append(0x1F)
            if r.hasValue { decimal(r.value.bitPattern, into: &line) } else { line.append(UInt8(ascii: "-")) }
            line.append(0x1F)
            line += status
            for id in [r.currency, r.measure, r.unit, r.period] {
                line.append(0x1F)
                if id >= 0 { line += texts[Int(id)] }
            }
            line.append(0x1F)
            if r.year < 0 { line.append(UInt8(ascii: "-")) }
            decimal(r.year.magnitude, into: &line)
            line.append(0x1E)
            // A country's consecutive rows hashed as one piece (the same digest as row by row).
            if r.refArea != runArea || run.count > 1 << 16 {
                flush()
                runArea = r.refArea
            }
            run += line
        }
        flush()
        return out.finish()
    }

    private static func int(_ v: Int64) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }

    /// `int(v)` appended in place (no array per number: three per row).
    private static func append(_ v: Int64, to out: inout [UInt8]) {
        withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
    }

    private static func lengthPrefixed(_ bytes: [UInt8]) -> [UInt8] { int(Int64(bytes.count)) + bytes }

    /// `String(v)`'s digits, without making the string.
    private static func decimal(_ v: some BinaryInteger & UnsignedInteger, into out: inout [UInt8]) {
        let start = out.count
        var rest = UInt64(v)
        repeat {
            out.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        out[start...].reverse()
    }
}
