import EMPConfig
import EMPCore
import Foundation

/// What `emp inspect` found in a file, and the source block it proposes.
public struct Inspection {
    public struct Column {
        public var name: String
        public var samples: [String]
    }

    public var path: String
    public var bytes: Int
    public var encoding: SourceEncoding = .utf8
    public var encodingNote = ""
    public var delimiter: Character = ","
    public var headerIndex = 0
    public var headerLine = 1
    public var preamble: [String] = []
    public var footer: [String] = []
    public var header: [String] = []
    public var layout: LayoutKind = .long
    public var periodColumns: [String] = []
    public var periodPattern: String?
    public var columns: [Column] = []
    public var missing: [String] = []
    public var guesses: [String: String] = [:]
    /// Number style seen in the cells: `,` decimals (`12,5`), grouping marks (`1.234`, `1 234`).
    public var decimal: Character = "."
    /// Wide cells such as `628 e` or `: c`: a value then flag letters.
    public var valueFlags = false
    /// Code columns that take a few values in the head (agedef: COMPLET, REACH): unless they are
    /// mapped or filtered, the same cell is given several times.
    public var varying: [(column: String, values: [String])] = []
    public var grouping: Character?
    /// Numbers padded with spaces (` 1 234`): the dialect's `trim` must be set for them to read.
    public var trim = false
    public var dataRows = 0
    /// A matrix: the column of its row labels, and its header cells that are not categories
    /// (totals, residuals such as "Other North", and label columns such as a location code).
    public var matrix = MatrixShape()

    public struct MatrixShape {
        public var rowLabels = 0
        public var totals: [String] = []
        public var residuals: [String] = []
        public var extra: [String] = []
    }

    init(path: String, bytes: Int) {
        self.path = path
        self.bytes = bytes
    }

    static let markers = ["..", ":", "NA", "-", "n.a.", "x"]

    mutating func analyse(rows: [[String]], iso: ISOCodes?) {
        dataRows = rows.count
        layout = detectLayout(rows)
        for (i, name) in header.enumerated() where !name.isEmpty {
            var samples: [String] = []
            for r in rows where i < r.count {
                let cell = r[i].trimmingCharacters(in: .whitespaces)
                if !cell.isEmpty && !samples.contains(cell) { samples.append(cell) }
                if Inspection.markers.contains(cell) && !missing.contains(cell) { missing.append(cell) }
                if samples.count == 3 { break }
            }
            columns.append(Column(name: name, samples: samples))
        }
        for r in rows.prefix(500) {
            for c in r where Inspection.markers.contains(c.trimmingCharacters(in: .whitespaces)) {
                let m = c.trimmingCharacters(in: .whitespaces)
                if !missing.contains(m) { missing.append(m) }
            }
        }
        if layout == .matrix { classifyMatrix(rows, iso: iso) }
        guessFields(iso: iso)
        guessNumbers(rows)
        if layout == .wide { valueFlags = Inspection.hasFlags(columns.filter { periodColumns.contains($0.name) }) }
        varying = varyingCodes(rows)
    }

    /// Columns (Eurostat: key parts) of short codes with 2 to 6 distinct values in the head.
    func varyingCodes(_ rows: [[String]]) -> [(column: String, values: [String])] {
        var names: [String], table: [[String]]
        if layout == .eurostatTSV, let first = header.first, let slash = first.lastIndex(of: "\\") {
            names = first[..<slash].split(separator: ",").map(String.init)
            table = rows.compactMap {
                $0.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            }
        } else {
            names = header
            table = rows
        }
        let skip = Set(guesses.values).union(periodColumns).union([
            "geo", "TIME_PERIOD", "OBS_VALUE", "OBS_FLAG", "OBS_STATUS",
        ])
        var out: [(String, [String])] = []
        for (i, name) in names.enumerated() where !skip.contains(name) {
            var values: [String] = []
            for r in table.prefix(2000) where i < r.count {
                let v = r[i].trimmingCharacters(in: .whitespaces)
                if !values.contains(v) { values.append(v) }
                if values.count > 6 { break }
            }
            // Codes, not labels: upper-case letters, digits, _ and - (COMPLET, N_RATE, Y15-64).
            let codes = values.allSatisfy { v in
                !v.isEmpty && v.count <= 12 && Double(v) == nil
                    && v.allSatisfy { $0.isUppercase || $0.isNumber || $0 == "_" || $0 == "-" }
            }
            if (2...6).contains(values.count) && codes { out.append((name, values)) }
        }
        return out
    }

    static let flagged = try! NSRegularExpression(pattern: #"^(-?\d+([.,]\d+)?|:) [a-z]{1,3}$"#)

    static func hasFlags(_ columns: [Column]) -> Bool {
        columns.contains { c in
            c.samples.contains { flagged.firstMatch(in: $0, range: NSRange($0.startIndex..., in: $0)) != nil }
        }
    }

    static let commaDecimal = try! NSRegularExpression(pattern: #"^-?\d+,\d+$"#)
    static let dotGroups = try! NSRegularExpression(pattern: #"^-?\d{1,3}(\.\d{3})+(,\d+)?$"#)
    static let spaceGroups = try! NSRegularExpression(pattern: "^-?\\d{1,3}([ \u{00A0}\u{202F}]\\d{3})+([.,]\\d+)?$")
    static let commaGroups = try! NSRegularExpression(pattern: #"^-?\d{1,3}(,\d{3})+(\.\d+)?$"#)

    /// Decimal commas and grouping marks, from the cells that are numbers in one style only.
    mutating func guessNumbers(_ rows: [[String]]) {
        var counts = [0, 0, 0, 0]
        let patterns = [Inspection.commaDecimal, Inspection.dotGroups, Inspection.spaceGroups, Inspection.commaGroups]
        for r in rows.prefix(500) {
            for cell in r {
                let c = cell.trimmingCharacters(in: .whitespaces)
                if c != cell, !c.isEmpty, c.first!.isNumber || c.first == "-", c.last!.isNumber { trim = true }
                for (i, p) in patterns.enumerated()
                where p.firstMatch(in: c, range: NSRange(c.startIndex..., in: c)) != nil {
                    counts[i] += 1
                }
            }
        }
        if counts[1] > 0 && counts[1] >= counts[3] {
            (decimal, grouping) = (",", ".")
        } else if counts[0] > 0 && delimiter != "," {
            decimal = ","
        }
        if counts[2] > 0 { grouping = " " }
        if counts[3] > counts[1] && delimiter != "," { grouping = "," }
    }

    /// Eurostat's first header cell: dimension ids, a backslash, the time dimension
    /// (`citizen,agedef,age,unit,sex,geo\time`); a matrix's corner (`Sending \ Receiving`) is not.
    static let eurostatKey = try! NSRegularExpression(pattern: #"^[A-Za-z0-9_.,-]+\\[A-Za-z_]+$"#)

    mutating func detectLayout(_ rows: [[String]]) -> LayoutKind {
        let first = header.first ?? ""
        if Inspection.eurostatKey.firstMatch(in: first, range: NSRange(first.startIndex..., in: first)) != nil {
            return .eurostatTSV
        }
        if first == "DATAFLOW" || first == "STRUCTURE" { return .sdmxCSV }
        let years = header.filter {
            Inspection.periodRegex.firstMatch(in: $0, range: NSRange($0.startIndex..., in: $0)) != nil
        }
        if years.count >= 3 {
            periodColumns = years
            periodPattern = Inspection.pattern(for: years)
            return .wide
        }
        if let labels = matrixRowLabels(rows) {
            matrix.rowLabels = labels
            return .matrix
        }
        return .long
    }

    /// The column whose labels are also column headers, at least two of them and half of the
    /// smaller side: a UN DESA matrix has a location code, totals and residuals across besides
    /// its countries, and regions down besides its countries.
    func matrixRowLabels(_ rows: [[String]]) -> Int? {
        var best: (index: Int, shared: Int)?
        for i in header.indices {
            let labels = Set(rows.compactMap { i < $0.count ? $0[i].trimmingCharacters(in: .whitespaces) : nil })
            let across = Set(header.enumerated().filter { $0.offset != i }.map(\.element))
            let shared = labels.intersection(across).count
            if shared >= 2, shared * 2 >= min(labels.count, across.count), shared > (best?.shared ?? 0) {
                best = (i, shared)
            }
        }
        return best?.index
    }

    /// Sorts a matrix's header cells (other than its row labels) that are not categories: totals
    /// (`Total`, `World`, also as row labels), residuals (`Other North`, `Unknown`), and label
    /// columns that are neither a row label nor a country (a location code, notes).
    mutating func classifyMatrix(_ rows: [[String]], iso: ISOCodes?) {
        let labels = Set(rows.compactMap { matrix.rowLabels < $0.count ? $0[matrix.rowLabels] : nil })
        func isTotal(_ s: String) -> Bool { ["total", "world", "all"].contains(s.lowercased()) }
        for (i, name) in header.enumerated() where i != matrix.rowLabels && !name.isEmpty {
            let lower = name.lowercased()
            if isTotal(name) {
                matrix.totals.append(name)
            } else if lower.hasPrefix("other") || lower.hasPrefix("unknown") {
                matrix.residuals.append(name)
            } else if !labels.contains(name) && iso?.alpha3(name) == nil && iso?.alpha3(name: name) == nil {
                matrix.extra.append(name)
            }
        }
        for label in labels.sorted() where isTotal(label) && !matrix.totals.contains(label) {
            matrix.totals.append(label)
        }
    }

    static let periodRegex = try! NSRegularExpression(pattern: #"^\D{0,30}?\d{4}(Q[1-4])?( \[YR\d{4}(Q[1-4])?\])?$"#)

    /// The default when headers are bare years or DataBank `2015 [YR2015]`; else the common prefix.
    static func pattern(for headers: [String]) -> String? {
        let bare = try! NSRegularExpression(pattern: LayoutConfig.defaultPeriodColumns)
        if headers.allSatisfy({ bare.firstMatch(in: $0, range: NSRange($0.startIndex..., in: $0)) != nil }) {
            return nil
        }
        let prefixes = headers.map { String($0.prefix { !$0.isNumber }) }
        let counts = Dictionary(prefixes.map { ($0, 1) }, uniquingKeysWith: +)
        let prefix = counts.max { ($0.value, $1.key) < ($1.value, $0.key) }!.key
        return "^" + NSRegularExpression.escapedPattern(for: prefix) + #"(\d{4})$"#
    }

    /// Columns that look like the country, the year and the value, by name or by content.
    mutating func guessFields(iso: ISOCodes?) {
        func named(_ words: [String]) -> String? {
            columns.first { c in words.contains { c.name.lowercased() == $0 } }?.name
                ?? columns.first { c in words.contains { c.name.lowercased().contains($0) } }?.name
        }
        let codes = columns.first { c in
            c.samples.count >= 2 && c.samples.allSatisfy { s in s.count <= 3 && iso?.alpha3(s) != nil }
        }?.name
        let area: String?
        switch layout {
        case .eurostatTSV: area = "geo"
        case .matrix: area = header[matrix.rowLabels]
        // A column named for the country comes first: small numbers (100, 50, 40) are also
        // ISO numeric codes (Bulgaria, Bangladesh, Austria).
        default: area = named(["country code", "ref_area", "geo", "iso", "countrycode", "country"]) ?? codes
        }
        guesses["ref_area"] = area
        if layout == .long {
            guesses["time_period"] = named(["year", "time_period", "time", "period", "date"])
            let value = named(["obs_value", "value", "persons", "count", "number"])
            guesses["value"] = value == area ? nil : value
            guesses["obs_status"] = named(["obs_status", "flag codes", "flag", "status"])
        }
    }
}
