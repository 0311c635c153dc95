/// The breakdowns of one observation. An absent breakdown is `_T` (the total over it).
public struct Dimensions: Hashable, Sendable, Comparable {
    public var sex = "_T"
    public var age = "_T"
    public var partner = "_T"
    public var duration = "_T"
    public var reason = "_T"
    public var education = "_T"
    public var sector = "_T"
    public var occupation = "_T"

    public init() {}

    public enum Field: String, CaseIterable, Sendable {
        case sex, age, partner, duration, reason, education, sector, occupation
    }

    public subscript(field: Field) -> String {
        get {
            switch field {
            case .sex: return sex
            case .age: return age
            case .partner: return partner
            case .duration: return duration
            case .reason: return reason
            case .education: return education
            case .sector: return sector
            case .occupation: return occupation
            }
        }
        set {
            switch field {
            case .sex: sex = newValue
            case .age: age = newValue
            case .partner: partner = newValue
            case .duration: duration = newValue
            case .reason: reason = newValue
            case .education: education = newValue
            case .sector: sector = newValue
            case .occupation: occupation = newValue
            }
        }
    }

    /// Breakdown by breakdown in `Field` order. Written out: `Field.allCases` builds an array
    /// on every call, and sorts compare millions of times.
    public static func < (a: Dimensions, b: Dimensions) -> Bool {
        if a.sex != b.sex { return a.sex < b.sex }
        if a.age != b.age { return a.age < b.age }
        if a.partner != b.partner { return a.partner < b.partner }
        if a.duration != b.duration { return a.duration < b.duration }
        if a.reason != b.reason { return a.reason < b.reason }
        if a.education != b.education { return a.education < b.education }
        if a.sector != b.sector { return a.sector < b.sector }
        return a.occupation < b.occupation
    }

    /// `sex=F partner=ITA` — only the breakdowns that are not totals.
    public var label: String {
        let parts = Field.allCases.compactMap { f in self[f] == "_T" ? nil : "\(f.rawValue)=\(self[f])" }
        return parts.isEmpty ? "total" : parts.joined(separator: " ")
    }
}
