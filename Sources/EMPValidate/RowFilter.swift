import EMPConfig
import EMPCore
import EMPRead

/// Rows that are not for the profiles, decided on the logical record before mapping:
/// `filter` (keep only listed values), `exclude` (drop listed values), and aggregates
/// (WLD, EU27_2020, income groups) in ref_area or partner, which are kept apart from
/// countries. Each skipped row is counted under its reason; none is dropped silently.
/// A class: asked once per cell of a wide file, a copy of it per call retained every field.
final class RowFilter {
    /// One `filter` or `exclude` column, with what it held so far.
    struct Column {
        let index: Int
        let name: String
        let tally: ColumnTally
        var values: Set<String> { tally.wanted }
    }

    let include: [Column]
    let exclude: [Column]
    /// `slot`: the field's `CanonicalField.slot`, for `aggregates`; `values`: the source's
    /// value map for the field.
    let areas: [(index: Int, field: String, slot: Int, values: [String: String]?)]
    let source: SourceConfig
    let codes: CodeNormalizer
    /// Which texts are aggregates (a World Bank line is looked at once per row, a wide file's
    /// per period cell), each decided once.
    let aggregates = CodeMemo()

    init(source: SourceConfig, header: [String], codes: CodeNormalizer) {
        func resolve(_ map: [String: FilterValues]?) -> [Column] {
            (map ?? [:]).sorted { $0.key < $1.key }.compactMap { column, values in
                header.firstIndex(of: column).map {
                    Column(index: $0, name: column, tally: ColumnTally(wanted: Set(values.values)))
                }
            }
        }
        include = resolve(source.filter)
        exclude = resolve(source.exclude)
        let map = source.columnMap
        areas =
            source.domain == .microdata || source.domain == .fx
            ? []
            : ["ref_area", "partner"].compactMap { field in
                map[field].flatMap { header.firstIndex(of: $0) }.map {
                    ($0, field, CanonicalField(rawValue: field)!.slot, source.values?[field])
                }
            }
        self.source = source
        self.codes = codes
        lastArea = Array(repeating: nil, count: areas.count)
    }

    var isEmpty: Bool { include.isEmpty && exclude.isEmpty && areas.isEmpty }

    /// Why the record is skipped, or nil to map it. Every filter column is looked at, even
    /// after one has decided, so each column's tally sees every row.
    func reason(_ record: CSVRecord) -> String? {
        guard record.problem == nil else { return nil }
        var why: String?
        for f in include where f.index < record.fields.count {
            let v = record.raw(f.index)
            let kept = f.values.contains(v)
            f.tally.note(v, hit: kept)
            if !kept && why == nil { why = "filter: \(f.name)=\(v) is not kept" }
        }
        for f in exclude where f.index < record.fields.count {
            let v = record.raw(f.index)
            let dropped = f.values.contains(v)
            f.tally.note(v, hit: dropped)
            if dropped && why == nil { why = "exclude: \(f.name)=\(v)" }
        }
        if let why { return why }
        for (n, a) in areas.enumerated() where a.index < record.fields.count {
            if let reason = areaReason(n, a, record.fields[a.index]) { return reason }
        }
        return nil
    }

    /// Per entry of `areas`, the last cell's bytes and what they decided: a wide line's period
    /// cells share its country cell, and the decision is the bytes' alone.
    private var lastArea: [(bytes: [UInt8], reason: String?)?]

    /// Why a cell of ref_area or partner makes the row an aggregate's, or nil.
    private func areaReason(
        _ n: Int, _ a: (index: Int, field: String, slot: Int, values: [String: String]?), _ bytes: [UInt8]
    )
        -> String?
    {
        if let last = lastArea[n], last.bytes == bytes { return last.reason }
        var v = String(decoding: bytes, as: UTF8.self)
        if let map = a.values, let mapped = map[v] { v = mapped }
        var reason: String?
        if !(a.field == "partner" && ["_T", "_U", "_O"].contains(v)),
            let kind = aggregates.known(a.slot, v) ?? aggregates.remember(a.slot, v, codes.aggregate(v))
        {
            reason = "\(a.field) is an aggregate, not a country (\(kind))"
        }
        lastArea[n] = (bytes, reason)
        return reason
    }

    /// Configured values no row held, filter columns first: `("filter", agedef, COMPLETE, tally)`.
    var unmatched: [(key: String, column: String, value: String, tally: ColumnTally)] {
        [("filter", include), ("exclude", exclude)].flatMap { key, columns in
            columns.flatMap { c in c.tally.unmatched.map { (key, c.name, $0, c.tally) } }
        }
    }
}
