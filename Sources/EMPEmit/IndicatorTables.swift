import EMPCore
import EMPIndicators

/// `indicators.csv` (long, one row per value) and `indicators_wide.csv` (years as columns,
/// each followed by its flag).
public enum IndicatorTables {
    static let keyColumns = ["ref_area", "indicator", "sex", "counterpart_area", "sector", "rank"]

    public static func long(_ rows: [IndicatorValue]) -> String {
        var out = CSVText.line(keyColumns + ["time_period", "obs_value", "unit_measure", "obs_status"])
        for r in rows {
            out += CSVText.line([r.refArea, r.indicator, r.sex, r.counterpart, r.sector, r.rank, String(r.year),
                                 ValueFormat.format(r.value, unit: r.unit), r.unit, r.status.code])
        }
        return out
    }

    public static func wide(_ rows: [IndicatorValue], names: (String) -> String) -> String {
        let years = Set(rows.map(\.year)).sorted()
        var header = ["ref_area", "country"] + keyColumns.dropFirst() + ["unit_measure"]
        for y in years { header += [String(y), "\(y)_status"] }
        var out = CSVText.line(header)
        var groups: [[String]: [IndicatorValue]] = [:]
        var order: [[String]] = []
        for r in rows {
            let key = [r.refArea, r.indicator, r.sex, r.counterpart, r.sector, r.rank, r.unit]
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(r)
        }
        for key in order {
            let byYear = Dictionary(groups[key]!.map { ($0.year, $0) }, uniquingKeysWith: { a, _ in a })
            var line = [key[0], names(key[0])] + key[1...5] + [key[6]]
            for y in years {
                if let r = byYear[y] { line += [ValueFormat.format(r.value, unit: r.unit), r.status.code] } else { line += ["", ""] }
            }
            out += CSVText.line(line)
        }
        return out
    }
}
