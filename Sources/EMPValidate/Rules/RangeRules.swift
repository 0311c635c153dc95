import EMPCore

// Rules on the range of a number.

public enum NegativeValue: ValidationRule {
    public static let id = Rule.negativeValue
    public static let checks =
        "a negative count, amount or rate (ready-made `measures` may be negative), "
        + "a weight that is not positive, an exchange rate of zero"
    public static let fix = "check the sign; net figures are computed by emp, not read"

    static func problem(_ column: String, value: String, weight: Bool) -> RowProblem {
        problem(
            column, value, weight ? "a weight must be positive" : "counts, amounts and rates cannot be negative",
            "check the sign; net figures are computed by emp, not read")
    }
}

public enum OutOfRange: ValidationRule {
    public static let id = Rule.outOfRange
    public static let checks =
        "an age that is not whole years from 0 to 130, a stay that is not whole months, "
        + "a `unit_mult` that is not a power of ten from 0 to 12, a value too large for a number "
        + "(beyond 10^15 once `unit_mult` and exchange rates are applied), a weight of a trillion or more, "
        + "weights whose sum for a country, year and direction is beyond what emp sums exactly"
    public static let fix =
        "write ages and stays as whole numbers, `unit_mult` as the power of ten, "
        + "and weights as the number of people a record stands for; check a huge value for a typo or a wrong "
        + "`unit_mult`"
    /// Weights are summed in exact cents in 64 bits: below a trillion each, a sum may take
    /// at least 92,233 of the largest before it could leave that range (checked as it is summed).
    public static let weightLimit = 1e12

    static func weight(_ column: String, value: String) -> RowProblem {
        problem(
            column, value, "the weight '\(value)' is a trillion or more: emp sums weights below 1000000000000",
            "a weight is the number of people a record stands for: check the column and the decimal mark")
    }

    /// The weights of one country, year and direction (`group`, e.g. `MDA 2020 IN`) sum beyond
    /// the exact range: the source fails rather than publish a wrapped or rounded total.
    public static func weightSum(_ group: String) -> RowProblem {
        problem(
            "weight", nil,
            "the weights of \(group) sum to more than 92233720368547758.07, the most emp sums exactly",
            "check the weights: a weight is the number of people a record stands for, "
                + "so their sum is a population")
    }

    /// The largest magnitude a value may have once multiplied and converted: ten times the
    /// world's GDP in US dollars, far above any count, amount or rate. Beyond it a double
    /// no longer holds whole units exactly, and past about 1.8e308 it is infinity, which would
    /// be published as an empty value flagged as normal.
    public static let largest = 1e15

    static func age(_ column: String, value: String) -> RowProblem {
        problem(
            column, value, "'\(value)' is not an age in whole years",
            "write the age as a whole number between 0 and 130")
    }

    static func months(_ column: String, value: String) -> RowProblem {
        problem(
            column, value, "'\(value)' is not a duration in whole months",
            "write the stay as a whole number of months, e.g. 12")
    }

    static func multiplier(_ column: String, value: String) -> RowProblem {
        problem(
            column, value, "'\(value)' is not a unit multiplier",
            "give the power of ten: 0, 3 (thousands), 6 (millions) or 9 (billions)")
    }

    /// `text` as the file writes it (shortened: a 400-digit number is not worth printing whole);
    /// `kept`, when the text itself is in range, what its `unit_mult` or exchange rate made of it.
    static func magnitude(_ column: String, value text: String, kept: Double?) -> RowProblem {
        let shown = text.count > 24 ? "\(text.prefix(12))…\(text.suffix(6)) (\(text.count) characters)" : text
        let what =
            kept.map { "'\(shown)' becomes \(whole($0)) with its unit_mult or exchange rate" }
            ?? "'\(shown)' is too large"
        return problem(
            column, String(text.prefix(64)), what + ": values beyond 10^15 are not counts, amounts or rates",
            "check the cell for a typo (digits repeated, a missing decimal mark) or a wrong unit_mult")
    }

    /// 2e15 as `2000000000000000`, not `2e+15`.
    static func whole(_ v: Double) -> String {
        v.isFinite && v == v.rounded() && abs(v) < 1e18 ? String(Int64(v)) : String(v)
    }
}
