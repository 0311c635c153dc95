import EMPCore

/// How a source's physical records become long records (one value per record). See
/// docs/PIPELINE.md, "Layouts". Absent = `long` with the header on the first line.
public struct LayoutConfig: Codable, Sendable {
    public var kind: LayoutKind
    /// 1-based physical line of the header; lines above it are preamble (default: first line).
    public var header_row: Int?
    /// Records at the end of the file that are notes, not data (rows of only delimiters count).
    public var skip_footer: Int?
    /// wide: a regular expression on header names; a matching column holds one period. Its
    /// first capture group, when there is one, is the period (`^pop(\d{4})$`).
    public var period_columns: String?
    /// wide: cells hold a value and flag letters (`628 e`), as in Eurostat tables.
    public var value_flags: Bool?
    /// wide: what a period column stands for when it is not a single year.
    public var period_span: Int?
    /// matrix: the header of the column holding the row labels (default: the first column).
    public var row_labels: String?
    /// matrix: the name the column headers get as a logical column (default `COLUMN`).
    public var columns_name: String?
    /// matrix: labels of total rows and columns (e.g. Total, World): they become `_T`.
    public var totals: [String]?
    /// matrix: each cell also gives its mirrored record (ref_area and partner swapped, the
    /// other direction), so one origin × destination matrix gives immigrants and emigrants.
    public var both_sides: Bool?

    public static let keys: Set<String> = [
        "kind", "header_row", "skip_footer", "period_columns", "value_flags",
        "period_span", "row_labels", "columns_name", "totals", "both_sides",
    ]

    public init(kind: LayoutKind) { self.kind = kind }

    /// The period regex a wide layout uses when none is given: a bare year, a World Bank API
    /// header `YR2015`, or a DataBank header such as `2015 [YR2015]` or `2011Q1 [YR2011Q1]`.
    public static let defaultPeriodColumns = #"^(?:YR)?(\d{4}(?:Q[1-4])?)(?: \[YR\d{4}(?:Q[1-4])?\])?$"#
    public var periodPattern: String { period_columns ?? LayoutConfig.defaultPeriodColumns }
    public var matrixColumnsName: String { columns_name ?? "COLUMN" }
    public var bothSides: Bool { kind == .matrix && both_sides == true }
}

public enum LayoutKind: String, Codable, Sendable, CaseIterable {
    case long, wide, matrix
    case eurostatTSV = "eurostat-tsv"
    case sdmxCSV = "sdmx-csv"
}

/// Logical column names a layout creates (SDMX names, so a pipeline reads like SDMX).
public enum LayoutColumn {
    public static let period = "TIME_PERIOD"
    public static let value = "OBS_VALUE"
    public static let status = "OBS_STATUS"
}

/// The text encodings a source may declare; all are transcoded to UTF-8 while streaming.
public enum SourceEncoding: String, Codable, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case utf8sig = "utf-8-sig"
    case utf16 = "utf-16"
    case utf16le = "utf-16le"
    case utf16be = "utf-16be"
    case windows1252 = "windows-1252"
    case iso88591 = "iso-8859-1"
    case cp850
}

/// A filter value: one text or a list of texts.
public struct FilterValues: Codable, Sendable, Equatable {
    public var values: [String]

    public init(_ values: [String]) { self.values = values }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let one = try? c.decode(String.self) { values = [one] } else { values = try c.decode([String].self) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(values)
    }
}
