import EMPAggregate
import EMPCore
import EMPIndicators

/// `profiles/<ISO3>.json`: everything emp knows about one country.
public enum ProfileDocument {
    public static func render(country: String, name: String, rows: [IndicatorValue], cube: Cube) -> String {
        let years = cube.years(of: country)
        var coverage: [(String, JSONValue)] = []
        for domain in Domain.allCases where !domain.isReference && domain != .microdata && domain != .measures {
            let covered = years.filter { cube.domains(of: country, year: $0).contains(domain) }
            coverage.append((domain.rawValue, .array(covered.map { .int($0) })))
        }
        var indicators: [(String, JSONValue)] = []
        var current: String?
        var items: [JSONValue] = []
        for r in rows {
            if r.indicator != current {
                if let current { indicators.append((current, .array(items))) }
                current = r.indicator
                items = []
            }
            items.append(item(r))
        }
        if let current { indicators.append((current, .array(items))) }
        let doc = JSONValue.object([
            ("ref_area", .string(country)),
            ("name", .string(name)),
            ("years", .array(years.map { .int($0) })),
            ("coverage", .object(coverage)),
            ("indicators", .object(indicators)),
        ])
        return doc.render() + "\n"
    }

    static func item(_ r: IndicatorValue) -> JSONValue {
        var fields: [(String, JSONValue)] = [("time_period", .int(r.year))]
        if r.sex != "_T" { fields.append(("sex", .string(r.sex))) }
        if r.counterpart != "_T" { fields.append(("counterpart_area", .string(r.counterpart))) }
        if r.sector != "_Z" { fields.append(("sector", .string(r.sector))) }
        if r.rank != "_Z" { fields.append(("rank", .int(Int(r.rank) ?? 0))) }
        let v = ValueFormat.format(r.value, unit: r.unit)
        fields += [("obs_value", v.isEmpty ? .null : .number(v)), ("unit_measure", .string(r.unit)),
                   ("obs_status", .string(r.status.code))]
        return .object(fields)
    }
}
