import EMPAggregate
import EMPCore

/// One row of the indicator table.
public struct IndicatorValue: Sendable, Equatable {
    public var refArea: String
    public var indicator: String
    public var sex = "_T"
    public var counterpart = "_T"
    public var sector = "_Z"
    public var rank = "_Z"
    public var year: Int
    public var value: Double?
    public var unit: String
    public var status: ObsStatus

    public init(refArea: String, indicator: String, year: Int, amount: Amount, unit: String) {
        self.refArea = refArea
        self.indicator = indicator
        self.year = year
        value = amount.value
        status = amount.value == nil && !amount.status.isMissing ? .missing : amount.status
        self.unit = unit
    }

    /// Table order: country, indicator, sex, rank (as a number), partner, sector, year.
    public static func ordered(_ a: IndicatorValue, _ b: IndicatorValue) -> Bool {
        if a.refArea != b.refArea { return a.refArea < b.refArea }
        if a.indicator != b.indicator { return a.indicator < b.indicator }
        if a.sex != b.sex { return a.sex < b.sex }
        if a.rank != b.rank { return (Int(a.rank) ?? 0, a.rank) < (Int(b.rank) ?? 0, b.rank) }
        if a.counterpart != b.counterpart { return a.counterpart < b.counterpart }
        if a.sector != b.sector { return a.sector < b.sector }
        return a.year < b.year
    }
}

public enum Unit {
    public static let persons = "PS"
    public static let usd = "USD"
    public static let percent = "PT"
    public static let perThousand = "PER_1000"
    public static let usdPerPerson = "USD_PER_PS"
    public static let count = "COUNT"
}
