import EMPAggregate
import EMPCore

/// Age structure where a flow or a stock comes by age band (issue 14, point 6): the shares of
/// children (under 15), of the working age (15-64) and of 65 and over, in the sum of the bands
/// with a known age (`_U` is left out, as the unknown sex is from the female share). A band is
/// an SDMX age code: `Y_LT15`, `Y15-64`, `Y15-19`, `Y_GE65`, `Y7`. The structure of a year
/// exists only when the bands tile every age, each wholly inside one group: no overlap (a file
/// giving `Y15-64` beside its five-year bands would count people twice) and no gap (a file of
/// the 15-64 year olds alone says nothing of children). A band across 15 or 65 (`Y_GE25`, `Y10-19`, the
/// 25-and-over split microdata ages get) leaves the structure missing, never estimated.
extension Context {
    /// The three groups, as [first, last] ages.
    static let ageGroups: [(id: String, range: ClosedRange<Int>)] = [
        ("under15", 0...14), ("15_64", 15...64), ("65plus", 65...AgeBand.oldest),
    ]

    func ageStructure() -> [IndicatorValue] {
        let specs: [(String, Domain, Direction)] = [
            ("inflow", .inflows, .inbound), ("outflow", .outflows, .outbound),
            ("stock", .stocks, .inbound), ("emi_stock", .stocks, .outbound),
        ]
        return specs.flatMap { suffix, domain, dir in
            ageShares(breakdown(.age, dir, in: [domain])).map { group, amount in
                row("share_age_\(group)_\(suffix)", amount, Unit.percent)
            }
        }
    }

    /// Each group's share of `t`'s bands, or missing for every group when they cannot be read.
    func ageShares(_ t: Marginal?) -> [(String, Amount)] {
        guard let t else { return Context.ageGroups.map { ($0.id, .missing()) } }
        let codes = t.values(of: .age).subtracting(["_T", "_U", "_Z"])
        let bands = codes.compactMap { code in AgeBand(code).map { (code, $0) } }
        let readable =
            !bands.isEmpty && bands.count == codes.count && AgeBand.coverEveryAge(bands.map(\.1))
            && bands.allSatisfy { _, band in Context.ageGroups.contains { $0.range.contains(band.range) } }
        guard readable else { return Context.ageGroups.map { ($0.id, .missing()) } }
        let all = Set(bands.map(\.0))
        return Context.ageGroups.map { group in
            let inside = Set(bands.filter { group.range.contains($0.1.range) }.map(\.0))
            return (group.id, share(t, .age, inside, of: all))
        }
    }
}

/// An SDMX age code read as the ages it covers: `Y_LT15` 0-14, `Y_LE14` 0-14, `Y15-64`,
/// `Y_GE65` 65 and over, `Y_GT64` 65 and over, `Y7` one year of age.
struct AgeBand: Equatable {
    static let oldest = 150
    let range: ClosedRange<Int>

    init?(_ code: String) {
        guard code.hasPrefix("Y") else { return nil }
        let body = code.dropFirst()
        func age(_ s: Substring) -> Int? { Int(s).flatMap { (0...AgeBand.oldest).contains($0) ? $0 : nil } }
        if body.hasPrefix("_LT"), let n = age(body.dropFirst(3)), n > 0 {
            range = 0...(n - 1)
        } else if body.hasPrefix("_LE"), let n = age(body.dropFirst(3)) {
            range = 0...n
        } else if body.hasPrefix("_GE"), let n = age(body.dropFirst(3)) {
            range = n...AgeBand.oldest
        } else if body.hasPrefix("_GT"), let n = age(body.dropFirst(3)), n < AgeBand.oldest {
            range = (n + 1)...AgeBand.oldest
        } else if let dash = body.firstIndex(of: "-"), let a = age(body[..<dash]),
            let b = age(body[body.index(after: dash)...]), a <= b
        {
            range = a...b
        } else if let a = age(body) {
            range = a...a
        } else {
            return nil
        }
    }

    /// The bands tile every age, from 0 to the oldest, once: no gap (a file of the 15-64 year
    /// olds alone says nothing of children or the old) and no overlap (counted twice).
    static func coverEveryAge(_ bands: [AgeBand]) -> Bool { tile(bands, from: 0) }

    /// The bands tile the ages from `first` to the oldest once (the 25 and over of the brain drain).
    static func tile(_ bands: [AgeBand], from first: Int) -> Bool {
        let sorted = bands.map(\.range).sorted { $0.lowerBound < $1.lowerBound }
        guard sorted.first?.lowerBound == first, sorted.last?.upperBound == oldest else { return false }
        return zip(sorted, sorted.dropFirst()).allSatisfy { $0.upperBound + 1 == $1.lowerBound }
    }
}

extension ClosedRange where Bound == Int {
    func contains(_ other: ClosedRange<Int>) -> Bool {
        lowerBound <= other.lowerBound && other.upperBound <= upperBound
    }
}
