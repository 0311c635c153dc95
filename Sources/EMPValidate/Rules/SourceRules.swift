import EMPCore

// Rules on what a whole source gave once its rows are counted.

public enum FilterUnmatched: ValidationRule {
    public static let id = Rule.filterUnmatched
    public static let checks =
        "a `filter`/`exclude` value no row of its column holds (a typo filters every row): "
        + "the message lists the values it has"
    public static let fix = "check the spelling: values are compared exactly as the file writes them"

    /// `key` is filter or exclude; `listing` the values the column holds; `path` the file as reported.
    static func problem(_ key: String, column: String, value: String, listing: String, path: String) -> RowProblem {
        problem(
            column, value, "\(key) \(column)=\(value) matched no row; the column has \(listing)",
            "check the spelling: values are compared exactly as the file writes them; "
                + "emp inspect \(path) shows sample values of each column")
    }

    /// The source's failure reason.
    static func failure(_ key: String, column: String, value: String) -> String {
        "\(id.rawValue): \(key) \(column)=\(value) matched no row"
    }
}

public enum NoRowAccepted: ValidationRule {
    public static let id = Rule.noRowAccepted
    public static let checks = "a source whose rows were all quarantined or filtered: it gives the profiles nothing"
    public static let fix = "fix the problems reported for the file, and check `filter` and `exclude`"

    /// `top` is the reason most filtered rows had, if any was filtered.
    static func problem(read: Int, quarantined: Int, filtered: Int, top: String?, source: String) -> RowProblem {
        problem(
            nil, nil, "no row accepted: \(read) read, \(quarantined) quarantined, \(filtered) filtered",
            hint(quarantined, filtered, top: top ?? "see quality/summary.txt", source: source))
    }

    static func hint(_ quarantined: Int, _ filtered: Int, top: String, source: String) -> String {
        if filtered == 0 {
            return "every row was rejected: "
                + "fix the problems reported for this file (quarantine/\(source).csv has each row)"
        }
        if quarantined == 0 {
            return "every row was filtered (most: \(top)): "
                + "check filter and exclude, and that ref_area holds countries, not aggregates"
        }
        return "every row was rejected or filtered (most filtered: \(top)): "
            + "fix the problems reported for this file, and check filter and exclude"
    }
}
