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
            "the \(field) total \(total) differs from the sum of its categories \(sum) (lines \(lines)) "
                + "by more than \(tolerance)%",
            "correct the total or the categories; "
                + "add the missing categories (e.g. _U unknown) if the file leaves some out")
    }
}

extension TotalMismatch {
    /// A total below the categories it has values for, some others missing (empty cells).
    static func belowKnownParts(field: String, total: String, sum: String, lines: String, missing: Int) -> RowProblem {
        problem(
            nil, total,
            "the \(field) total \(total) is below \(sum), the sum of the categories given "
                + "(\(lines.contains(",") ? "lines" : "line") \(lines)); "
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
