import EMPCore

// Rules on what a field holds: a number, a year, a value at all.

public enum NotANumber: ValidationRule {
    public static let id = Rule.notANumber
    public static let checks =
        "a value that is not a number as the source's dialect writes them "
        + "(decimal mark, grouping)"
    public static let fix =
        "write a plain number; set `dialect.decimal` for decimal commas; "
        + "list missing-value markers under `missing`"

    /// `decimal` is the source's decimal mark: a comma in a value read with `.` says what to set.
    static func problem(_ column: String, value: String, decimal: Character) -> RowProblem {
        let hint =
            decimal == "." && value.contains(",")
            ? "the value has a comma: if the file uses decimal commas set dialect.decimal: \",\""
            : "write a plain number such as 1234 or 12\(decimal)5; list missing-value markers under missing"
        return problem(column, value, "'\(value)' is not a number", hint)
    }
}

public enum BadYear: ValidationRule {
    public static let id = Rule.badYear
    public static let checks =
        "a period that is not a four-digit year: "
        + "quarters and multi-year ranges are rejected, saying why, never relabelled as a year"
    public static let fix =
        "use annual figures, or read the file as `domain: measures`, "
        + "which keeps the period as it is"

    /// Why a period is not a year. Quarters and multi-year ranges are periods emp's annual
    /// model cannot hold: they are rejected, never relabelled as their first year.
    static func problem(_ column: String, value t: String) -> RowProblem {
        let parts = t.split(separator: "-")
        if parts.count == 2, let from = Int(parts[0]), let to = Int(parts[1]),
            parts.allSatisfy({ $0.count == 4 && $0.allSatisfy(\.isNumber) })
        {
            return problem(
                column, t,
                "'\(t)' is a \(to - from)-year period; "
                    + "profiles hold single years and emp does not label a range as its first year",
                "use annual figures, or read the file as domain: measures, which keeps the range as it is")
        }
        if PeriodText.parse(t) != nil {
            return problem(
                column, t, "'\(t)' is a sub-annual period; profiles hold calendar years",
                "use the annual series, or read the file as domain: measures, "
                    + "which keeps the period as it is")
        }
        return problem(column, t, "'\(t)' is not a year", "write the year with four digits, e.g. 2019")
    }
}

public enum MissingValue: ValidationRule {
    public static let id = Rule.missingValue
    public static let checks = "a microdata record whose weight is a missing-value marker"
    public static let fix = "give every record a positive weight, or drop the weight column"

    static func weight(_ column: String, value: String) -> RowProblem {
        problem(
            column, value, "the weight is missing",
            "give every record a positive weight, or drop the weight column")
    }
}
