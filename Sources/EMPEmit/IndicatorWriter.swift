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

    /// `years`: the columns of the wide table (every year of every country published, which
    /// the cube may not all hold when only some countries are computed).
    public init(folder: OutputFolder, cube: Cube, years: [Int], names: @escaping (String) -> String) throws {
        self.folder = folder
        self.cube = cube
        self.names = names
        self.years = years
        long = try folder.stream("indicators.csv")
        wide = try folder.stream("indicators_wide.csv")
        try long.write(CSVText.line(IndicatorTables.keyColumns + ["time_period", "obs_value", "unit_measure", "obs_status"]))
        var header = ["ref_area", "country"] + IndicatorTables.keyColumns.dropFirst() + ["unit_measure"]
        for y in years { header += [String(y), "\(y)_status"] }
        try wide.write(CSVText.line(header))
    }

    /// One country's share of the three outputs, rendered to bytes.
    public struct Rendered: Sendable {
        public var country: String
        public var rows: Int
        public var long: [UInt8]
        public var wide: [UInt8]
        public var profile: String
        /// The computed rows and their values as written (empty for a rendering kept from an earlier run).
        public var values: [(row: IndicatorValue, text: String)] = []

        public init(country: String, rows: Int, long: [UInt8], wide: [UInt8], profile: String) {
            (self.country, self.rows, self.long, self.wide, self.profile) = (country, rows, long, wide, profile)
        }
    }

    /// Renders a country's rows; touches no shared state, so countries render in parallel.
    public func render(country: String, rows: [IndicatorValue]) -> Rendered {
        let values = rows.map { ValueFormat.format($0.value, unit: $0.unit) }
        var text: [UInt8] = []
        text.reserveCapacity(rows.count * 64)
        for (r, v) in zip(rows, values) {
            // Codes, ids and numbers: nothing here needs quoting, so the fields go in as they are.
            for f in [r.refArea, r.indicator, r.sex, r.counterpart, r.sector, r.rank] {
                text += f.utf8
                text.append(0x2C)
            }
            text += String(r.year).utf8
            text.append(0x2C)
            text += v.utf8
            text.append(0x2C)
            text += r.unit.utf8
            text.append(0x2C)
            text += r.status.code.utf8
            text.append(0x0A)
        }
        let profile = ProfileDocument.render(country: country, name: names(country), rows: rows,
                                             values: rows.map { ValueFormat.exact($0.value, unit: $0.unit) }, cube: cube)
        var rendered = Rendered(country: country, rows: rows.count, long: text, wide: wideLines(rows, values, name: names(country)),
                                profile: profile)
        rendered.values = Array(zip(rows, values))
        return rendered
    }

    /// Appends a rendered country (countries must come in order).
    public func add(_ r: Rendered) throws {
        try long.write(bytes: r.long)
        try wide.write(bytes: r.wide)
        try folder.write("profiles/\(r.country).json", r.profile)
        count += r.rows
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
