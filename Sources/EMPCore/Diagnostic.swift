/// A problem found in the data. Diagnostics are values collected into the quality report,
/// never thrown: one pass reports every problem in a file.
public struct Diagnostic: Sendable, Codable, Equatable {
    public enum Severity: String, Sendable, Codable { case error, warning }

    public var source: String
    public var file: String
    public var line: Int?
    public var column: String?
    public var rule: Rule
    public var severity: Severity
    public var value: String?
    public var message: String
    public var hint: String
    /// How many cells of the same line had this same problem (a bad country code on a WDI
    /// line fails all its 61 year cells): reported once, counted in full.
    public var cells = 1

    public init(
        source: String, file: String, line: Int?, column: String?, rule: Rule,
        severity: Severity = .error, value: String?, message: String, hint: String
    ) {
        self.source = source
        self.file = file
        self.line = line
        self.column = column
        self.rule = rule
        self.severity = severity
        self.value = value
        self.message = message
        self.hint = hint
    }

    /// `datasets/x.csv:12: column sex: unknown-code: 'Femal' is not …  (fix: …)`
    public var rendered: String {
        var s = file
        if let line { s += ":\(line)" }
        s += ": "
        if let column { s += "column \(column): " }
        s += "\(rule.rawValue): \(message)"
        if cells > 1 { s += " [\(cells) cells]" }
        if !hint.isEmpty { s += " (fix: \(hint))" }
        return s
    }
}

/// The catalogue of validation rules, grouped by kind (SPEC §4). Ids are stable: reports,
/// quarantine files and tests refer to them.
public enum Rule: String, Sendable, Codable, CaseIterable {
    // structure
    case emptyFile = "empty-file"
    case missingColumn = "missing-column"
    case duplicateColumn = "duplicate-column"
    case wrongDelimiter = "wrong-delimiter"
    case raggedRow = "ragged-row"
    case badQuoting = "bad-quoting"
    case badEncoding = "bad-encoding"
    /// A field or record longer than the source's `max_field_bytes` / `max_record_bytes`.
    case oversizedField = "oversized-field"
    case unreadableFile = "unreadable-file"
    /// A `filter` or `exclude` value that no row of its column holds (a typo filters every row).
    case filterUnmatched = "filter-unmatched"
    /// A source whose rows were all quarantined or filtered: it gives the profiles nothing.
    case noRowAccepted = "no-row-accepted"
    /// `skip_footer` records that read as data rows: the file has no such footer (any more).
    case footerIsData = "footer-is-data"
    // type
    case notANumber = "not-a-number"
    case badYear = "bad-year"
    case missingValue = "missing-value"
    // code
    case unknownCountry = "unknown-country"
    case unknownCode = "unknown-code"
    case unknownFlag = "unknown-flag"
    // range
    case negativeValue = "negative-value"
    case outOfRange = "out-of-range"
    // consistency
    case totalMismatch = "total-mismatch"
    case duplicateCell = "duplicate-cell"
    case conflictingCell = "conflicting-cell"
    /// An empty or missing category of a total the file does not give: the total is published empty.
    case missingPart = "missing-part"
    case missingDenominator = "missing-denominator"

    public var kind: String {
        switch self {
        case .emptyFile, .missingColumn, .duplicateColumn, .wrongDelimiter, .raggedRow, .badQuoting,
            .badEncoding, .oversizedField, .unreadableFile, .filterUnmatched, .noRowAccepted, .footerIsData:
            return "structure"
        case .notANumber, .badYear, .missingValue: return "type"
        case .unknownCountry, .unknownCode, .unknownFlag: return "code"
        case .negativeValue, .outOfRange: return "range"
        case .totalMismatch, .duplicateCell, .conflictingCell, .missingPart, .missingDenominator: return "consistency"
        }
    }
}
