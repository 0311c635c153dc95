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
        + "a `unit_mult` that is not a power of ten from 0 to 12"
    public static let fix = "write ages and stays as whole numbers, and `unit_mult` as the power of ten"

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
}
