import EMPConfig
import EMPCore
import EMPRead

/// Rows that are not for the profiles, decided on the logical record before mapping:
/// `filter` (keep only listed values), `exclude` (drop listed values), and aggregates
/// (WLD, EU27_2020, income groups) in ref_area or partner, which are kept apart from
/// countries. Each skipped row is counted under its reason; none is dropped silently.
struct RowFilter {
    let include: [(index: Int, column: String, values: Set<String>)]
    let exclude: [(index: Int, column: String, values: Set<String>)]
    let areas: [(index: Int, field: String)]
    let source: SourceConfig
    let codes: CodeNormalizer

    init(source: SourceConfig, header: [String], codes: CodeNormalizer) {
        func resolve(_ map: [String: FilterValues]?) -> [(Int, String, Set<String>)] {
            (map ?? [:]).sorted { $0.key < $1.key }.compactMap { column, values in
                header.firstIndex(of: column).map { ($0, column, Set(values.values)) }
            }
        }
        include = resolve(source.filter)
        exclude = resolve(source.exclude)
        let map = source.columnMap
        areas = source.domain == .microdata || source.domain == .fx ? [] : ["ref_area", "partner"].compactMap { field in
            map[field].flatMap { header.firstIndex(of: $0) }.map { ($0, field) }
        }
        self.source = source
        self.codes = codes
    }

    var isEmpty: Bool { include.isEmpty && exclude.isEmpty && areas.isEmpty }

    /// Why the record is skipped, or nil to map it.
    func reason(_ record: CSVRecord) -> String? {
        guard record.problem == nil else { return nil }
        for f in include where f.index < record.fields.count {
            let v = record.raw(f.index)
            if !f.values.contains(v) { return "filter: \(f.column)=\(v) is not kept" }
        }
        for f in exclude where f.index < record.fields.count {
            let v = record.raw(f.index)
            if f.values.contains(v) { return "exclude: \(f.column)=\(v)" }
        }
        for a in areas where a.index < record.fields.count {
            var v = record.raw(a.index)
            if let mapped = source.values?[a.field]?[v] { v = mapped }
            if a.field == "partner" && ["_T", "_U", "_O"].contains(v) { continue }
            if let kind = codes.aggregate(v) { return "\(a.field) is an aggregate, not a country (\(kind))" }
        }
        return nil
    }
}
