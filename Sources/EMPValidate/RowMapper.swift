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
    let emptyIsZero: Bool

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
        emptyIsZero = source.emptyCells == .zero
    }

    /// Collects the problems of one row while its fields are read.
    struct Row {
        var problems: [RowProblem] = []
        /// Physical column names of reshaped fields, for messages.
        var labels: [Int: String] = [:]
        /// ref_area is a matrix total read both sides: `_T`, not a country (see `LogicalRecord`).
        var areaTotal = false
        mutating func fail(_ problem: RowProblem) { problems.append(problem) }
    }

    public func map(_ record: CSVRecord, labels: [Int: String] = [:], areaTotal: Bool = false) -> Outcome {
        var row = Row(labels: labels, areaTotal: areaTotal)
        var obs = Observation(
            domain: source.domain, refArea: "", year: 0, direction: nil, dims: Dimensions(),
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
                row.fail(BadEncoding.cell(column, e))
                return nil
            }
        } else {
            return nil
        }
        if let mapped = source.values?[f.rawValue]?[raw] { raw = mapped }
        return (raw, column)
    }

    func readKeys(_ record: CSVRecord, _ obs: inout Observation, _ row: inout Row) {
        if source.domain == .fx {
            if let (t, col) = text(.currency, record, &row) {
                if let c = codes.currency(t) {
                    obs.currency = c; obs.refArea = "_Z"
                } else {
                    row.fail(UnknownCode.currency(col, value: t))
                }
            }
        } else if row.areaTotal {
            obs.refArea = "_T"
        } else if let (t, col) = text(.ref_area, record, &row) {
            if let a = codes.refArea(t) {
                obs.refArea = a
            } else {
                row.fail(UnknownCountry.problem(col, value: t, former: codes.iso.former[t]))
            }
        }
        if let (t, col) = text(.time_period, record, &row) {
            if let y = RowMapper.year(t) {
                obs.year = y
            } else if source.domain == .measures, let p = PeriodText.parse(t) {
                (obs.year, obs.period) = (p.year, p.text)
            } else {
                row.fail(BadYear.problem(col, value: t))
            }
        }
        if source.domain == .measures { readMeasure(record, &obs, &row) }
        if let (t, col) = text(.direction, record, &row) {
            if let d = Direction(rawValue: t) {
                obs.direction = d
            } else {
                row.fail(UnknownCode.direction(col, value: t))
            }
        } else if source.domain == .inflows || source.domain == .returns {
            obs.direction = .inbound
        } else if source.domain == .outflows {
            obs.direction = .outbound
        }
    }

    /// A year as the ordinary path reads it: four digits, 1900-2100.
    public static func year(_ t: String) -> Int? {
        guard t.utf8.count == 4, t.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let y = Int(t),
            (1900...2100).contains(y)
        else { return nil }
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
        case .age_years:
            return NumberParser.wholeNumber(t).flatMap { $0 <= 130 ? ($0 >= 25 ? "Y_GE25" : "Y_LT25") : nil }
        case .duration_months: return NumberParser.wholeNumber(t).map(CodeNormalizer.durationBand)
        default: return dimensionChecks.first { $0.0 == f }.flatMap { $0.2(t) }
        }
    }

    /// What a ready-made value measures and in which unit: identifiers, not free text.
    func readMeasure(_ record: CSVRecord, _ obs: inout Observation, _ row: inout Row) {
        for field in [CanonicalField.measure, .unit] {
            guard let (t, col) = text(field, record, &row) else { continue }
            if !t.isEmpty, t.count <= 64,
                t.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) })
            {
                if field == .measure { obs.measure = t } else { obs.unit = t }
            } else {
                row.fail(UnknownCode.identifier(col, value: t, field: field))
            }
        }
    }

    typealias Normalise = (String) -> String?
    var dimensionChecks: [(CanonicalField, Dimensions.Field, Normalise)] {
        [
            (.sex, .sex, codes.sex), (.age, .age, codes.age), (.partner, .partner, codes.partner),
            (.duration, .duration, codes.duration),
            (.reason, .reason, { [codes, source] in codes.reason($0, in: source.domain) }),
            (.education, .education, codes.education), (.sector, .sector, codes.sector),
            (.occupation, .occupation, codes.occupation),
        ]
    }

    func readDimensions(_ record: CSVRecord, _ obs: inout Observation, _ row: inout Row) {
        for (field, dim, normalise) in dimensionChecks {
            guard let (t, col) = text(field, record, &row) else { continue }
            if let code = normalise(t) {
                obs.dims[dim] = code
            } else if field == .partner, let former = codes.iso.former[t] {
                row.fail(UnknownCode.formerPartner(col, value: t, former: former))
            } else {
                row.fail(UnknownCode.dimension(col, value: t, field: field, domain: source.domain))
            }
        }
        if let (t, col) = text(.age_years, record, &row) {
            if let a = NumberParser.wholeNumber(t), a <= 130 {
                obs.dims.age = a >= 25 ? "Y_GE25" : "Y_LT25"
            } else {
                row.fail(OutOfRange.age(col, value: t))
            }
        }
        if let (t, col) = text(.duration_months, record, &row) {
            if let m = NumberParser.wholeNumber(t) {
                obs.dims.duration = CodeNormalizer.durationBand(months: m)
            } else {
                row.fail(OutOfRange.months(col, value: t))
            }
        }
    }

    func readValue(_ record: CSVRecord, _ obs: inout Observation, _ row: inout Row) {
        var flagText: String?
        if let (t, col) = text(.obs_status, record, &row), !t.isEmpty {
            if let s = ObsStatus.parse(t) {
                obs.status = s; flagText = t
            } else {
                row.fail(UnknownFlag.unknown(col, value: t))
            }
        }
        let valueField: CanonicalField = source.domain == .microdata ? .weight : .value
        guard var (t, col) = text(valueField, record, &row) else {
            if source.domain == .microdata { obs.value = 1 }
            return
        }
        // `empty: zero` (a matrix's default): an empty cell is none, unless its flag says missing.
        let emptyButFlaggedMissing = t.isEmpty && emptyIsZero && obs.status.isMissing
        if t.isEmpty && emptyIsZero && !obs.status.isMissing { t = "0" }
        if missing.contains(t) || emptyButFlaggedMissing {
            if source.domain == .microdata {
                row.fail(MissingValue.weight(col, value: t))
                return
            }
            obs.value = nil
            if !obs.status.isMissing { obs.status = .missing }
            return
        }
        guard var v = NumberParser.parse(t, decimal: decimal, grouping: grouping) else {
            row.fail(NotANumber.problem(col, value: t, decimal: decimal))
            return
        }
        if let flagText, obs.status.isMissing {
            row.fail(UnknownFlag.missingButGiven(col, flag: flagText, code: obs.status.code, value: t))
        }
        if (v < 0 && source.domain != .measures) || (valueField == .weight && v == 0)
            || (source.domain == .fx && v == 0)
        {
            row.fail(NegativeValue.problem(col, value: t, weight: valueField == .weight))
            return
        }
        if valueField == .weight, !(v < OutOfRange.weightLimit) {
            row.fail(OutOfRange.weight(col, value: t))
            return
        }
        guard RowMapper.inRange(v) else {
            row.fail(OutOfRange.magnitude(col, value: t, kept: nil))
            return
        }
        v *= multiplier(record, &row)
        if source.domain == .remittances { convertToUSD(&v, record, &obs, &row) }
        guard RowMapper.inRange(v) else {
            row.fail(OutOfRange.magnitude(col, value: t, kept: v))
            return
        }
        obs.value = v
    }

    /// Finite and within ±10^15 (`OutOfRange.largest`).
    static func inRange(_ v: Double) -> Bool { v.isFinite && abs(v) <= OutOfRange.largest }

    /// The text of a row's value and its column as messages name it (a matrix's or wide
    /// file's physical column): where a missing value is, for the quality report.
    func valueCell(_ record: CSVRecord, labels: [Int: String]) -> (text: String, column: String)? {
        var row = Row(labels: labels)
        return text(source.domain == .microdata ? .weight : .value, record, &row)
    }

    func multiplier(_ record: CSVRecord, _ row: inout Row) -> Double {
        guard let (t, col) = text(.unit_mult, record, &row) else { return 1 }
        guard let m = NumberParser.wholeNumber(t), m <= 12 else {
            row.fail(OutOfRange.multiplier(col, value: t))
            return 1
        }
        var f = 1.0
        for _ in 0..<m { f *= 10 }
        return f
    }

    func convertToUSD(_ v: inout Double, _ record: CSVRecord, _ obs: inout Observation, _ row: inout Row) {
        guard let (t, col) = text(.currency, record, &row) else { return }
        guard let currency = codes.currency(t) else {
            row.fail(UnknownCode.currency(col, value: t))
            return
        }
        guard obs.year != 0 else { return }
        guard let fx = rates.rate(currency, obs.year) else {
            row.fail(MissingDenominator.exchangeRate(col, value: t, currency: currency, year: obs.year))
            return
        }
        v /= fx.rate
        obs.status = ObsStatus.worst(obs.status, fx.status)
    }
}
