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

    public static func < (a: Dimensions, b: Dimensions) -> Bool {
        for f in Field.allCases where a[f] != b[f] { return a[f] < b[f] }
        return false
    }

    /// `sex=F partner=ITA` — only the breakdowns that are not totals.
    public var label: String {
        let parts = Field.allCases.compactMap { f in self[f] == "_T" ? nil : "\(f.rawValue)=\(self[f])" }
        return parts.isEmpty ? "total" : parts.joined(separator: " ")
    }
}
