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
    /// CONF_STATUS: free, or why disclosure control withheld the value (then `status` is Q).
    public var conf: Confidentiality = .free

    public init(refArea: String, indicator: String, year: Int, amount: Amount, unit: String) {
        self.refArea = refArea
        self.indicator = indicator
        self.year = year
        value = amount.value
        status = amount.value == nil && !amount.status.isMissing ? .missing : amount.status
        self.unit = unit
    }

    /// The rows of one country in table order (`ordered`), sorted on integer keys: short
    /// codes packed big-endian into a word sort like their text, indicator ids by rank.
    public static func sortedInTableOrder(_ rows: [IndicatorValue]) -> [IndicatorValue] {
        guard Set(rows.map(\.refArea)).count <= 1 else { return rows.sorted(by: ordered) }
        var rank: [String: UInt64] = [:]
        for (i, id) in Set(rows.map(\.indicator)).sorted().enumerated() { rank[id] = UInt64(i) }
        typealias Key = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
        var keys: [Key] = []
        keys.reserveCapacity(rows.count)
        for r in rows {
            guard let sex = pack(r.sex), let counterpart = pack(r.counterpart), let sector = pack(r.sector),
                let rankText = pack(r.rank)
            else { return rows.sorted(by: ordered) }
            let rankNumber = UInt64(Int(r.rank) ?? 0)
            keys.append(
                (rank[r.indicator]!, sex, rankNumber << 32 | rankText >> 32, counterpart, sector, UInt64(r.year)))
        }
        return rows.indices.sorted { keys[$0] < keys[$1] }.map { rows[$0] }
    }

    /// Up to 8 bytes of ASCII text as a big-endian word (zero-padded): it orders like the text.
    static func pack(_ s: String) -> UInt64? {
        var w: UInt64 = 0, n = 0
        for b in s.utf8 {
            guard n < 8, b != 0 else { return nil }
            w |= UInt64(b) << (56 - 8 * UInt64(n))
            n += 1
        }
        return w
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
    public static let perHundredThousand = "PER_100000"
    public static let perThousandEmigrants = "PER_1000_EMI"
    public static let usdPerPerson = "USD_PER_PS"
    public static let count = "COUNT"
    /// A fraction on 0–1 (the partner concentration index).
    public static let ratio = "RATIO"
    /// A difference of two percentages (a distance to a target in percent).
    public static let percentagePoints = "PP"

    /// Each unit code with the label a reader sees beside it.
    public static let labels: [String: String] = [
        persons: "Persons", usd: "US dollars", percent: "Percent", perThousand: "Per 1,000 population",
        perHundredThousand: "Per 100,000 population", perThousandEmigrants: "Per 1,000 emigrants abroad",
        usdPerPerson: "US dollars per person", count: "Count", ratio: "Ratio (a fraction, not a percentage)",
        percentagePoints: "Percentage points",
    ]
}
