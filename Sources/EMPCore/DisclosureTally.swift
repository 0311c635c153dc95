/// What disclosure control withheld, per indicator: how many values for too few records of
/// their own (C, primary) and how many to protect those (D, secondary). Counted per country
/// when it is computed and kept with its other notes in the store (`notes`), so a release
/// that reuses a country's rendering still counts what that rendering withholds.
public struct DisclosureTally: Sendable, Equatable {
    public var minRecords: Int
    /// Per indicator, its (primary, secondary) count.
    public var byIndicator: [String: (primary: Int, secondary: Int)] = [:]

    public init(minRecords: Int) { self.minRecords = minRecords }

    public var primary: Int { byIndicator.values.reduce(0) { $0 + $1.primary } }
    public var secondary: Int { byIndicator.values.reduce(0) { $0 + $1.secondary } }

    public mutating func count(_ indicator: String, _ conf: Confidentiality) {
        var n = byIndicator[indicator] ?? (0, 0)
        switch conf {
        case .primary: n.primary += 1
        case .secondary: n.secondary += 1
        case .free: return
        }
        byIndicator[indicator] = n
    }

    public mutating func add(_ other: DisclosureTally) {
        for (id, n) in other.byIndicator {
            let m = byIndicator[id] ?? (0, 0)
            byIndicator[id] = (m.primary + n.primary, m.secondary + n.secondary)
        }
    }

    public static func == (a: DisclosureTally, b: DisclosureTally) -> Bool {
        a.minRecords == b.minRecords && a.byIndicator.keys == b.byIndicator.keys
            && a.byIndicator.allSatisfy { b.byIndicator[$0.key]! == $0.value }
    }

    /// The prefix of a kept note that is a tally, not a warning: the store keeps a country's
    /// notes as one list (warnings about missing denominators, then these).
    static let marker = "disclosure "

    /// The tally as notes, one per indicator: `disclosure share_female_inflow 1 2`.
    public var notes: [String] {
        byIndicator.keys.sorted().map {
            "\(Self.marker)\($0) \(byIndicator[$0]!.primary) \(byIndicator[$0]!.secondary)"
        }
    }

    /// Splits kept notes into warnings and the tally they hold.
    public static func split(_ notes: [String], minRecords: Int) -> (warnings: [String], tally: DisclosureTally) {
        var tally = DisclosureTally(minRecords: minRecords), warnings: [String] = []
        for note in notes {
            let parts = note.split(separator: " ")
            guard note.hasPrefix(marker), parts.count == 4, let p = Int(parts[2]), let s = Int(parts[3]) else {
                warnings.append(note)
                continue
            }
            let m = tally.byIndicator[String(parts[1])] ?? (0, 0)
            tally.byIndicator[String(parts[1])] = (m.primary + p, m.secondary + s)
        }
        return (warnings, tally)
    }
}
