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

    /// The key a table is sorted on: text by byte order, years as numbers.
    public var sortKey: [String] {
        [refArea, indicator, sex, rank.count == 1 ? "0" + rank : rank, counterpart, sector, String(format: "%04d", year)]
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
