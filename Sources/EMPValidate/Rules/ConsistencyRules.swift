import EMPCore

// Rules across the rows of a source, and against the pipeline's reference sources.

public enum TotalMismatch: ValidationRule {
    public static let id = Rule.totalMismatch
    public static let checks =
        "a `_T` row against the sum of its categories, beyond `tolerance_pct`; with some categories "
        + "empty or missing, a total below the sum of the others"
    public static let fix = "correct the total or the categories; add the categories the file leaves out (e.g. `_U`)"

    /// Figures as the report writes them; `lines` lists the categories' lines.
    static func problem(field: String, total: String, sum: String, lines: String, tolerance: String) -> RowProblem {
        problem(
            nil, total,
            "the \(field) total \(total) differs from the sum of its categories \(sum) (\(lineWord(lines)) \(lines)) "
                + "by more than \(tolerance)%",
            "correct the total or the categories; "
                + "add the missing categories (e.g. _U unknown) if the file leaves some out")
    }
}

extension TotalMismatch {
    /// `line 2` for one line (a matrix row's cells), `lines 21, 22` for several.
    static func lineWord(_ lines: String) -> String { lines.contains(",") ? "lines" : "line" }

    /// A total below the categories it has values for, some others missing (empty cells).
    static func belowKnownParts(field: String, total: String, sum: String, lines: String, missing: Int) -> RowProblem {
        problem(
            nil, total,
            "the \(field) total \(total) is below \(sum), the sum of the categories given "
                + "(\(lineWord(lines)) \(lines)); "
                + "the \(missing) empty or missing \(missing == 1 ? "category" : "categories") cannot make up for it",
            "correct the total or the categories: a total is at least the sum of its parts")
    }
}

public enum DuplicateCell: ValidationRule {
    public static let id = Rule.duplicateCell
    public static let checks = "the same cell (country, year, breakdown) given twice with the same value"
    public static let fix = "remove the repeated row; it would be counted twice"

    static func problem(cell: String, value: String, firstLine: Int) -> RowProblem {
        problem(
            nil, value, "the cell \(cell) was already given on line \(firstLine)",
            "remove the repeated row; it would be counted twice")
    }
}

public enum ConflictingCell: ValidationRule {
    public static let id = Rule.conflictingCell
    public static let checks = "the same cell given twice with different values (the first one is used)"
    public static let fix = "keep one value for the cell"

    static func problem(cell: String, value: String, first: String, firstLine: Int) -> RowProblem {
        problem(
            nil, value, "the cell \(cell) is \(value) here but \(first) on line \(firstLine)",
            "keep one value for the cell; the first one is used")
    }
}

/// A warning, not a rejection: the row is kept (its value is missing, flag O), but what is
/// summed from it is missing too, and the quality report must say which cell is the cause.
public enum MissingPart: ValidationRule {
    public static let id = Rule.missingPart
    public static let checks =
        "an empty or missing category next to categories with values, in a file that gives no total "
        + "over them: the total, summed from the categories, is published empty (flag O); a warning"
    public static let fix =
        "set `empty: zero` if an empty cell means none; else give the value, or the total (`_T`) row"

    /// `cell`: `DEU 2013`; `text`: the cell as the file writes it (`""`, `..`); `fields`: the
    /// breakdowns whose totals it blanks (`partner`); `others`: categories beside it with values.
    static func problem(cell: String, text: String, fields: [String], others: Int) -> RowProblem {
        let over = fields.joined(separator: ", ")
        let what = text.isEmpty ? "empty" : "missing ('\(text)')"
        let categories = others == 1 ? "1 other category has a value" : "\(others) other categories have values"
        return problem(
            nil, text,
            "this cell is \(what) and the file gives no \(over) total for \(cell): the total summed over "
                + "\(over) (\(categories)) and the indicators built on it are published empty (flag O)",
            text.isEmpty
                ? "if an empty cell means none, set empty: zero for the source; else give the value or the total"
                : "give the value, or the total (_T) row, for this cell")
    }
}

public enum MissingDenominator: ValidationRule {
    public static let id = Rule.missingDenominator
    public static let checks = "a remittance in a currency with no exchange rate for its year"
    public static let fix = "add the rate to the pipeline's `fx` reference source"

    static func exchangeRate(_ column: String, value: String, currency: String, year: Int) -> RowProblem {
        problem(
            column, value, "no exchange rate for \(currency) in \(year)",
            "add \(currency),\(year),<units per USD> to the pipeline's fx reference source")
    }
}
