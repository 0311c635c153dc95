import EMPConfig
import EMPCore
import EMPRead

/// Maps one CSV record onto a canonical observation, checking type, code and range of every
/// field it uses. All problems of the row are returned together.
///
/// A class: the ingest calls it once per cell, and a struct this size (the source's settings,
/// the code lists, the plans) was copied for each call, a retain and a release per field.
public final class RowMapper {
    public let source: SourceConfig
    let columnIndex: [CanonicalField: (index: Int, header: String)]
    let codes: CodeNormalizer
    let rates: ExchangeRates
    let decimal: Character
    let grouping: Character?
    let missing: Set<String>
    let emptyIsZero: Bool
    /// Per canonical field (`CanonicalField.slot`), where its text comes from: worked out once
    /// per source, not looked up by name for every cell (a wide file's cell asks for ~10 fields).
    let plans: [FieldPlan]
    /// The breakdowns this source gives, with their normalisers (the others stay `_T`).
    let dimensions: [(CanonicalField, Dimensions.Field, Normalise)]
    /// Each distinct text's code, per field: a file repeats a few hundred codes over its
    /// rows, and normalising a country name (aliases, folding) costs more than a lookup.
    let memo = CodeMemo()
    /// Per canonical field read from a column, the last cell's bytes and its text (value map
    /// applied), or where its UTF-8 broke: a wide line's period cells repeat its identifying
    /// cells, a long file's rows their country. A repeated cell is compared, not decoded
    /// again, and gives the same `String`, which the memo and the table compare by identity.
    /// (Two arrays, compared in place: a tuple read out of one retained both its parts.)
    private var lastBytes: [[UInt8]]
    private var lastTexts: [Result<String, UTF8Error>]

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
        plans = CanonicalField.allCases.map { f in
            let origin: FieldPlan.Origin
            if let constant = source.constantMap[f.rawValue] {
                // A constant's value map applied once here, not for each cell.
                origin = .constant(source.values?[f.rawValue]?[constant] ?? constant, "constants.\(f.rawValue)")
            } else if let (i, header) = index[f] {
                origin = .column(i, header)
            } else {
                origin = .absent
            }
            return FieldPlan(origin: origin, values: source.values?[f.rawValue])
        }
        // An empty cell to start with, its text as `cell` would make it.
        lastBytes = Array(repeating: [], count: plans.count)
        lastTexts = plans.map { RowMapper.text([], values: $0.values) }
        let plans = plans
        dimensions = RowMapper.dimensionChecks(codes, source.domain).filter {
            if case .absent = plans[$0.0.slot].origin { return false }
            return true
        }
    }

    /// Where one canonical field's text comes from, and the source's value map for it.
    struct FieldPlan {
        enum Origin {
            case constant(String, String)
            case column(Int, String)
            case absent
        }
        let origin: Origin
        let values: [String: String]?
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
        // The plan's parts read in place: a copy of the plan retained its texts and map.
        switch plans[f.slot].origin {
        case .constant(let constant, let name): return (constant, name)
        case .column(let i, let header):
            let column = row.labels.isEmpty ? header : row.labels[i] ?? header
            switch cell(f.slot, record.fields[i]) {
            case .success(let s): return (s, column)
            case .failure(let e):
                row.fail(BadEncoding.cell(column, e))
                return nil
            }
        case .absent: return nil
        }
    }

    /// A column cell's text with the field's value map applied, decoded once per run of equal cells.
    private func cell(_ slot: Int, _ bytes: [UInt8]) -> Result<String, UTF8Error> {
        if lastBytes[slot] == bytes { return lastTexts[slot] }
        let text = RowMapper.text(bytes, values: plans[slot].values)
        lastBytes[slot] = bytes
        lastTexts[slot] = text
        return text
    }

    static func text(_ bytes: [UInt8], values: [String: String]?) -> Result<String, UTF8Error> {
        let text = UTF8Text.decode(bytes)
        if case .success(let raw) = text, let values, let mapped = values[raw] { return .success(mapped) }
        return text
    }

    /// `normalise(text)`, once per distinct text of the field.
    func code(_ f: CanonicalField, _ text: String, _ normalise: (String) -> String?) -> String? {
        memo.code(f.slot, text, normalise)
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
            let slot = CanonicalField.ref_area.slot
            if let a = memo.known(slot, t) ?? memo.remember(slot, t, codes.refArea(t)) {
                obs.refArea = a
            } else {
                row.fail(UnknownCountry.problem(col, value: t, former: codes.iso.former[t]))
            }
        }
        if let (t, col) = text(.time_period, record, &row) {
            if let y = RowMapper.year(t) {
                obs.year = y
            } else if source.domain == .measures, let p = memo.period(t) {
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
        default: return RowMapper.dimensionChecks(codes, source.domain).first { $0.0 == f }.flatMap { $0.2(t) }
        }
    }

    /// What a ready-made value measures and in which unit: identifiers, not free text.
    func readMeasure(_ record: CSVRecord, _ obs: inout Observation, _ row: inout Row) {
        for field in RowMapper.measureFields {
            guard let (t, col) = text(field, record, &row) else { continue }
            if memo.known(field.slot, t) ?? memo.remember(field.slot, t, RowMapper.identifier(t)) != nil {
                if field == .measure { obs.measure = t } else { obs.unit = t }
            } else {
                row.fail(UnknownCode.identifier(col, value: t, field: field))
            }
        }
    }

    static let measureFields: [CanonicalField] = [.measure, .unit]

    /// A measure or unit identifier: 1-64 ASCII letters, digits, `_`, `-` or `.`.
    static func identifier(_ t: String) -> String? {
        !t.isEmpty && t.utf8.count <= 64
            && t.utf8.allSatisfy {
                ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == 0x5F || $0 == 0x2D
                    || $0 == 0x2E
            } ? t : nil
    }

    typealias Normalise = (String) -> String?
    static func dimensionChecks(
        _ codes: CodeNormalizer, _ domain: Domain
    ) -> [(CanonicalField, Dimensions.Field, Normalise)] {
        [
            (.sex, .sex, codes.sex), (.age, .age, codes.age), (.partner, .partner, codes.partner),
            (.duration, .duration, codes.duration),
            (.reason, .reason, { [codes] in codes.reason($0, in: domain) }),
            (.education, .education, codes.education), (.sector, .sector, codes.sector),
            (.occupation, .occupation, codes.occupation),
        ]
    }

    func readDimensions(_ record: CSVRecord, _ obs: inout Observation, _ row: inout Row) {
        for (field, dim, normalise) in dimensions {
            guard let (t, col) = text(field, record, &row) else { continue }
            if let code = code(field, t, normalise) {
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
        if isMissing(t) || emptyButFlaggedMissing {
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

    /// Whether a value's text is one of the source's missing markers; the last text's answer
    /// first (a DataBank line is `..` in most of its 40 quarters).
    func isMissing(_ t: String) -> Bool {
        if let last = lastMissing, last.text == t { return last.missing }
        let m = missing.contains(t)
        lastMissing = (t, m)
        return m
    }

    private var lastMissing: (text: String, missing: Bool)?

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
