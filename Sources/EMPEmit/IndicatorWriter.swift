import EMPAggregate
import EMPCore
import EMPIndicators

/// Writes `indicators.csv`, `indicators_wide.csv` and `profiles/<ISO3>.json` one country at a
/// time (countries come in order, and each country's rows in table order), so memory holds
/// one country's rows, never the whole table. Each value is formatted once for all three.
public final class IndicatorWriter {
    let folder: OutputFolder
    let long: TextFileWriter
    let wide: TextFileWriter
    let years: [Int]
    let names: (String) -> String
    let cube: Cube
    public private(set) var count = 0

    public init(folder: OutputFolder, cube: Cube, names: @escaping (String) -> String) throws {
        self.folder = folder
        self.cube = cube
        self.names = names
        years = Set(cube.countries.flatMap { cube.years(of: $0) }).sorted()
        long = try folder.stream("indicators.csv")
        wide = try folder.stream("indicators_wide.csv")
        try long.write(CSVText.line(IndicatorTables.keyColumns + ["time_period", "obs_value", "unit_measure", "obs_status"]))
        var header = ["ref_area", "country"] + IndicatorTables.keyColumns.dropFirst() + ["unit_measure"]
        for y in years { header += [String(y), "\(y)_status"] }
        try wide.write(CSVText.line(header))
    }

    public func add(country: String, rows: [IndicatorValue]) throws {
        let values = rows.map { ValueFormat.format($0.value, unit: $0.unit) }
        var text: [UInt8] = []
        text.reserveCapacity(rows.count * 64)
        for (r, v) in zip(rows, values) {
            CSVText.append([r.refArea, r.indicator, r.sex, r.counterpart, r.sector, r.rank, String(r.year), v, r.unit, r.status.code],
                           to: &text)
        }
        try long.write(bytes: text)
        try wide.write(bytes: wideLines(rows, values, name: names(country)))
        try folder.write("profiles/\(country).json",
                         ProfileDocument.render(country: country, name: names(country), rows: rows, values: values, cube: cube))
        count += rows.count
    }

    /// One line per indicator key, years as columns: a key's rows are consecutive.
    func wideLines(_ rows: [IndicatorValue], _ values: [String], name: String) -> [UInt8] {
        var text: [UInt8] = []
        var i = 0
        while i < rows.count {
            let r = rows[i]
            var j = i
            var cells = [String](repeating: "", count: years.count * 2)
            while j < rows.count, IndicatorWriter.sameKey(rows[j], r) {
                if let k = years.firstIndex(of: rows[j].year), cells[2 * k + 1].isEmpty {
                    cells[2 * k] = values[j]
                    cells[2 * k + 1] = rows[j].status.code
                }
                j += 1
            }
            CSVText.append([r.refArea, name, r.indicator, r.sex, r.counterpart, r.sector, r.rank, r.unit] + cells, to: &text)
            i = j
        }
        return text
    }

    static func sameKey(_ a: IndicatorValue, _ b: IndicatorValue) -> Bool {
        a.refArea == b.refArea && a.indicator == b.indicator && a.sex == b.sex && a.counterpart == b.counterpart
            && a.sector == b.sector && a.rank == b.rank && a.unit == b.unit
    }

    public func close() throws {
        try long.close()
        try wide.close()
        try folder.adopt("indicators.csv")
        try folder.adopt("indicators_wide.csv")
    }
}
