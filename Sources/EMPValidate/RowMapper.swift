import EMPConfig
import EMPCore
import EMPRead

/// Maps one CSV record onto a canonical observation, checking type, code and range of every
/// field it uses. All problems of the row are returned together.
public struct RowMapper {
    public let source: SourceConfig
    let columnIndex: [CanonicalField: (index: Int, header: String)]
    let codes: CodeNormalizer
    let rates: ExchangeRates
    let decimal: Character
    let grouping: Character?
    let missing: Set<String>

    public enum Outcome {
        case accepted(Observation)
        case rejected([RowProblem])
    }

    public init(source: SourceConfig, header: [String], codes: CodeNormalizer, rates: ExchangeRates) {
        self.source = source
        var index: [CanonicalField: (Int, String)] = [:]
        for (field, column) in source.columnMap {
            if let f = CanonicalField(rawValue: field), let i = header.firstIndex(of: column) { index[f] = (i, column) }
        }
        columnIndex = index
        self.codes = codes
        self.rates = rates
        decimal = source.dialect?.decimalMark ?? "."
        grouping = source.dialect?.groupingMark
        missing = source.missingMarkers
    }

    /// Collects the problems of one row while its fields are read.
    struct Row {
        var problems: [RowProblem] = []
        /// Physical column names of reshaped fields, for messages.
        var labels: [Int: String] = [:]
        mutating func fail(_ column: String?, _ rule: Rule, _ value: String?, _ message: String, _ hint: String) {
            problems.append(RowProblem(column: column, rule: rule, value: value, message: message, hint: hint))
        }
    }

    public func map(_ record: CSVRecord, labels: [Int: String] = [:]) -> Outcome {
        var row = Row(labels: labels)
        var obs = Observation(domain: source.domain, refArea: "", year: 0, direction: nil, dims: Dimensions(),
                              value: nil, status: .normal, line: record.line)
        readKeys(record, &obs, &row)
        readDimensions(record, &obs, &row)
        readValue(record, &obs, &row)
        return row.problems.isEmpty ? .accepted(obs) : .rejected(row.problems)
    }

    /// The text of a canonical field (constant, or column after its value map); nil if the
    /// source does not give it.
    func text(_ f: CanonicalField, _ record: CSVRecord, _ row: inout Row) -> (text: String, column: String)? {
        var raw: String, column: String
        if let constant = source.constantMap[f.rawValue] {
            (raw, column) = (constant, "constants.\(f.rawValue)")
        } else if let (i, header) = columnIndex[f] {
            column = row.labels[i] ?? header
            switch record.text(i) {
            case .success(let s): raw = s
            case .failure(let e):
                row.fail(column, .badEncoding, nil,
                         "byte 0x\(String(e.byte, radix: 16, uppercase: true)) at position \(e.offset + 1) is not valid UTF-8",
                         "the file looks like Latin-1 or Windows-1252: declare encoding: windows-1252 (or iso-8859-1, cp850) for the source, or re-save it as UTF-8")
                return nil
            }
        } else { return nil }
        if let mapped = source.values?[f.rawValue]?[raw] { raw = mapped }
        return (raw, column)
    }

    func readKeys(_ record: CSVRecord, _ obs: inout Observation, _ row: inout Row) {
        if source.domain == .fx {
            if let (t, col) = text(.currency, record, &row) {
                if let c = codes.currency(t) { obs.currency = c; obs.refArea = "_Z" } else {
                    row.fail(col, .unknownCode, t, "'\(t)' is not an ISO 4217 currency code", "use a code such as USD, EUR or XOF")
                }
            }
        } else if let (t, col) = text(.ref_area, record, &row) {
            if let a = codes.refArea(t) { obs.refArea = a } else {
                let (message, hint) = codes.unknownCountry(t, field: "ref_area")
                row.fail(col, .unknownCountry, t, message, hint)
            }
        }
        if let (t, col) = text(.time_period, record, &row) {
            if let y = RowMapper.year(t) { obs.year = y } else if
                source.domain == .measures, let p = PeriodText.parse(t) { (obs.year, obs.period) = (p.year, p.text) } else {
                let (message, hint) = RowMapper.periodProblem(t)
                row.fail(col, .badYear, t, message, hint)
            }
        }
        if source.domain == .measures { readMeasure(record, &obs, &row) }
        if let (t, col) = text(.direction, record, &row) {
            if let d = Direction(rawValue: t) { obs.direction = d } else {
                row.fail(col, .unknownCode, t, "'\(t)' is not a direction", "expected IN or OUT; map other words under values: direction")
            }
        } else if source.domain == .inflows {
            obs.direction = .inbound
        } else if source.domain == .outflows {
            obs.direction = .outbound
        }
    }

    /// A year as the ordinary path reads it: four digits, 1900-2100.
    public static func year(_ t: String) -> Int? {
        guard t.utf8.count == 4, t.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let y = Int(t), (1900...2100).contains(y) else { return nil }
        return y
    }

    /// The canonical code of a field's text (value map applied) exactly as `map` would read
    /// it, or nil when `map` would reject it. Lanes cache these per distinct text.
    public func canonical(_ f: CanonicalField, _ raw: String) -> String? {
        let t = source.values?[f.rawValue]?[raw] ?? raw
        switch f {
        case .ref_area: return codes.refArea(t)
        case .time_period: return RowMapper.year(t).map(String.init)
        case .direction: return Direction(rawValue: t) != nil ? t : nil
        case .age_years: return NumberParser.wholeNumber(t).flatMap { $0 <= 130 ? ($0 >= 25 ? "Y_GE25" : "Y_LT25") : nil }
        case .duration_months: return NumberParser.wholeNumber(t).map(CodeNormalizer.durationBand)
        default: return dimensionChecks.first { $0.0 == f }.flatMap { $0.2(t) }
        }
    }

    /// What a ready-made value measures and in which unit: identifiers, not free text.
    func readMeasure(_ record: CSVRecord, _ obs: inout Observation, _ row: inout Row) {
        for field in [CanonicalField.measure, .unit] {
            guard let (t, col) = text(field, record, &row) else { continue }
            if !t.isEmpty, t.count <= 64, t.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) }) {
                if field == .measure { obs.measure = t } else { obs.unit = t }
            } else {
                row.fail(col, .unknownCode, t, "'\(t)' is not a \(field.rawValue) identifier",
                         "use letters, digits, _ - . (e.g. employment_rate, PC); map labels under values: \(field.rawValue)")
            }
        }
    }

    /// Why a period is not a year. Quarters and multi-year ranges are periods emp's annual
    /// model cannot hold: they are rejected, never relabelled as their first year.
    static func periodProblem(_ t: String) -> (String, String) {
        let parts = t.split(separator: "-")
        if parts.count == 2, parts.allSatisfy({ $0.count == 4 && $0.allSatisfy(\.isNumber) }) {
            return ("'\(t)' is a \(Int(parts[1])! - Int(parts[0])!)-year period; profiles hold single years and emp does not label a range as its first year",
                    "use annual figures, or read the file as domain: measures, which keeps the range as it is")
        }
        if PeriodText.parse(t) != nil {
            return ("'\(t)' is a sub-annual period; profiles hold calendar years",
                    "use the annual series, or read the file as domain: measures, which keeps the period as it is")
        }
        return ("'\(t)' is not a year", "write the year with four digits, e.g. 2019")
    }

    typealias Normalise = (String) -> String?
    var dimensionChecks: [(CanonicalField, Dimensions.Field, Normalise, String)] {
        [
            (.sex, .sex, codes.sex, "expected F, M, _T, _U or _Z (Male/Female/Total are also read)"),
            (.age, .age, codes.age, "expected _T, a band such as Y15-64, or Y_GE25"),
            (.partner, .partner, codes.partner, "expected an ISO 3166-1 country code, or _T, _U, _O"),
            (.duration, .duration, codes.duration, "expected LT3M, M3-11, GE12M, _T, _U or _Z"),
            (.reason, .reason, codes.reason, "expected WORK, SEASONAL_WORK, FAMILY, STUDY, HUMANITARIAN, OTHER, _T or _U"),
            (.education, .education, codes.education, "expected an ISCED 2011 level 0-8, LOW, MID, HIGH, _T or _U"),
            (.sector, .sector, codes.sector, "expected an ISIC Rev.4 section A-U, _T, _U or _Z (not applicable)"),
            (.occupation, .occupation, codes.occupation, "expected an ISCO-08 major (0-9) or sub-major group (e.g. 53), _T, _U or _Z (not applicable)"),
        ]
    }

    func readDimensions(_ record: CSVRecord, _ obs: inout Observation, _ row: inout Row) {
        for (field, dim, normalise, hint) in dimensionChecks {
            guard let (t, col) = text(field, record, &row) else { continue }
            if let code = normalise(t) { obs.dims[dim] = code } else if field == .partner, codes.iso.former[t] != nil {
                let (message, hint) = codes.unknownCountry(t, field: "partner")
                row.fail(col, .unknownCode, t, message, hint)
            } else {
                row.fail(col, .unknownCode, t, "'\(t)' is not a valid \(field.rawValue) code", hint + "; map source labels under values: \(field.rawValue)")
            }
        }
        if let (t, col) = text(.age_years, record, &row) {
            if let a = NumberParser.wholeNumber(t), a <= 130 { obs.dims.age = a >= 25 ? "Y_GE25" : "Y_LT25" } else {
                row.fail(col, .outOfRange, t, "'\(t)' is not an age in whole years", "write the age as a whole number between 0 and 130")
            }
        }
        if let (t, col) = text(.duration_months, record, &row) {
            if let m = NumberParser.wholeNumber(t) { obs.dims.duration = CodeNormalizer.durationBand(months: m) } else {
                row.fail(col, .outOfRange, t, "'\(t)' is not a duration in whole months", "write the stay as a whole number of months, e.g. 12")
            }
        }
    }

    func readValue(_ record: CSVRecord, _ obs: inout Observation, _ row: inout Row) {
        var flagText: String?
        if let (t, col) = text(.obs_status, record, &row), !t.isEmpty {
            if let s = ObsStatus.parse(t) { obs.status = s; flagText = t } else {
                row.fail(col, .unknownFlag, t, "'\(t)' is not an SDMX observation status", "use A, B, E, P, F, U… (or Eurostat b, e, p…)")
            }
        }
        let valueField: CanonicalField = source.domain == .microdata ? .weight : .value
        guard let (t, col) = text(valueField, record, &row) else {
            if source.domain == .microdata { obs.value = 1 }
            return
        }
        if missing.contains(t) {
            if source.domain == .microdata {
                row.fail(col, .missingValue, t, "the weight is missing", "give every record a positive weight, or drop the weight column")
                return
            }
            obs.value = nil
            if !obs.status.isMissing { obs.status = .missing }
            return
        }
        guard var v = NumberParser.parse(t, decimal: decimal, grouping: grouping) else {
            let hint = decimal == "." && t.contains(",") ? "the value has a comma: if the file uses decimal commas set dialect.decimal: \",\""
                : "write a plain number such as 1234 or 12\(decimal)5; list missing-value markers under missing"
            row.fail(col, .notANumber, t, "'\(t)' is not a number", hint)
            return
        }
        if flagText != nil && obs.status.isMissing {
            row.fail(col, .unknownFlag, flagText, "the flag \(obs.status.code) marks a missing value but the value is \(t)", "leave the value empty or use a flag for present values")
        }
        if (v < 0 && source.domain != .measures) || (valueField == .weight && v == 0) || (source.domain == .fx && v == 0) {
            let what = valueField == .weight ? "a weight must be positive" : "counts, amounts and rates cannot be negative"
            row.fail(col, .negativeValue, t, what, "check the sign; net figures are computed by emp, not read")
            return
        }
        v *= multiplier(record, &row)
        if source.domain == .remittances { convertToUSD(&v, record, &obs, &row) }
        obs.value = v
    }

    func multiplier(_ record: CSVRecord, _ row: inout Row) -> Double {
        guard let (t, col) = text(.unit_mult, record, &row) else { return 1 }
        guard let m = NumberParser.wholeNumber(t), m <= 12 else {
            row.fail(col, .outOfRange, t, "'\(t)' is not a unit multiplier", "give the power of ten: 0, 3 (thousands), 6 (millions) or 9 (billions)")
            return 1
        }
        var f = 1.0
        for _ in 0..<m { f *= 10 }
        return f
    }

    func convertToUSD(_ v: inout Double, _ record: CSVRecord, _ obs: inout Observation, _ row: inout Row) {
        guard let (t, col) = text(.currency, record, &row) else { return }
        guard let currency = codes.currency(t) else {
            row.fail(col, .unknownCode, t, "'\(t)' is not an ISO 4217 currency code", "use a code such as USD, EUR or XOF")
            return
        }
        guard obs.year != 0 else { return }
        guard let fx = rates.rate(currency, obs.year) else {
            row.fail(col, .missingDenominator, t, "no exchange rate for \(currency) in \(obs.year)",
                     "add \(currency),\(obs.year),<units per USD> to the pipeline's fx reference source")
            return
        }
        v /= fx.rate
        obs.status = ObsStatus.worst(obs.status, fx.status)
    }
}
