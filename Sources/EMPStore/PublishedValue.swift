import EMPCore
import Foundation

/// One published indicator value, as `indicators.csv` shows it (the value is its text there).
public struct PublishedValue: Sendable, Equatable {
    public var key: SeriesKey
    public var value: String
    public var unit: String
    public var status: String
    /// The store row, for values read from the store.
    /// The backend's id of the stored row (nil for a value not read from the store).
    public var rowID: Int64?

    public init(key: SeriesKey, value: String, unit: String, status: String) {
        self.key = key
        self.value = value
        self.unit = unit
        self.status = status
    }
}

/// What identifies a value: country, indicator, breakdowns and year.
public struct SeriesKey: Hashable, Sendable, Comparable {
    public var refArea, indicator, sex, counterpart, sector, rank: String
    public var year: Int

    public init(
        refArea: String, indicator: String, sex: String, counterpart: String, sector: String, rank: String, year: Int
    ) {
        (self.refArea, self.indicator, self.sex, self.counterpart, self.sector, self.rank, self.year) =
            (refArea, indicator, sex, counterpart, sector, rank, year)
    }

    public static func < (a: SeriesKey, b: SeriesKey) -> Bool {
        if (a.refArea, a.indicator, a.sex, a.counterpart) != (b.refArea, b.indicator, b.sex, b.counterpart) {
            return (a.refArea, a.indicator, a.sex, a.counterpart) < (b.refArea, b.indicator, b.sex, b.counterpart)
        }
        return (a.sector, a.rank, a.year) < (b.sector, b.rank, b.year)
    }
}

/// A difference between two publications.
public struct ValueChange: Sendable, Equatable {
    public enum Kind: String, Sendable { case added, removed, revised, reflagged }
    public var kind: Kind
    public var old: PublishedValue?
    public var new: PublishedValue?

    public init(kind: Kind, old: PublishedValue?, new: PublishedValue?) {
        (self.kind, self.old, self.new) = (kind, old, new)
    }

    public var key: SeriesKey { (new ?? old)!.key }

    /// Added, removed, revised (the value changed, its flag perhaps too) and re-flagged (only
    /// the flag changed), sorted by key.
    public static func between(old: [PublishedValue], new: [PublishedValue]) -> [ValueChange] {
        var before = Dictionary(old.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        var out: [ValueChange] = []
        for n in new {
            guard let o = before.removeValue(forKey: n.key) else {
                out.append(ValueChange(kind: .added, old: nil, new: n)); continue
            }
            if o.value != n.value || o.unit != n.unit {
                out.append(ValueChange(kind: .revised, old: o, new: n))
            } else if o.status != n.status {
                out.append(ValueChange(kind: .reflagged, old: o, new: n))
            }
        }
        out += before.values.map { ValueChange(kind: .removed, old: $0, new: nil) }
        // Keys made once, not twice per comparison (a key is six strings).
        let keys = out.map(\.key)
        // Already in order (a country published the first time, in its table's order): as is.
        if zip(keys, keys.dropFirst()).allSatisfy({ $0 < $1 }) { return out }
        return out.indices.sorted { keys[$0] < keys[$1] }.map { out[$0] }
    }
}

public struct ChangeCounts: Sendable, Equatable {
    public var added = 0, removed = 0, revised = 0, reflagged = 0

    public init(added: Int = 0, removed: Int = 0, revised: Int = 0, reflagged: Int = 0) {
        (self.added, self.removed, self.revised, self.reflagged) = (added, removed, revised, reflagged)
    }

    public init(_ changes: [ValueChange]) {
        for c in changes {
            switch c.kind {
            case .added: added += 1
            case .removed: removed += 1
            case .revised: revised += 1
            case .reflagged: reflagged += 1
            }
        }
    }

    public static func + (a: ChangeCounts, b: ChangeCounts) -> ChangeCounts {
        ChangeCounts(
            added: a.added + b.added, removed: a.removed + b.removed, revised: a.revised + b.revised,
            reflagged: a.reflagged + b.reflagged)
    }
}
