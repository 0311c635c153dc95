import EMPCore
import EMPIndicators
import EMPStore

/// The parts of a page that belong to the release, not to the country: its sources with
/// their row counts, and what changed in the country's values since the previous release.
struct ReleaseParts {
    let language: ReportLanguage
    let labels: CodeLabels
    /// The changes listed on a page; the rest are counted (all are in `changes.csv`).
    static let listed = 25

    static func sources(_ sources: [SourceReport], language: ReportLanguage) -> [String: Any] {
        let number = { (n: Int) in language.number(Double(n), decimals: 0) }
        return [
            "t": language.texts,
            "sources": sources.map { s -> [String: Any] in
                [
                    "name": s.name, "domain": language.domain(s.domain), "path": s.path, "read": number(s.rowsRead),
                    "accepted": number(s.accepted), "quarantined": number(s.quarantined),
                    "filtered": number(s.filtered),
                ]
            },
        ]
    }

    func changes(_ changes: [ValueChange], first: Bool) -> [String: Any] {
        var out: [String: Any] = ["t": language.texts]
        if first {
            out["first"] = true
            return out
        }
        if changes.isEmpty {
            out["none"] = true
            return out
        }
        let values = ReportValues(language: language, labels: labels)
        var counts: [ValueChange.Kind: Int] = [:]
        for c in changes { counts[c.kind, default: 0] += 1 }
        let kinds: [ValueChange.Kind] = [.added, .revised, .reflagged, .removed]
        out["any"] = true
        out["summary"] = kinds.compactMap { k in
            counts[k].map {
                language.change(k.rawValue) + language.text("colon") + language.number(Double($0), decimals: 0)
            }
        }.joined(separator: " · ")
        out["rows"] = changes.prefix(Self.listed).map { c -> [String: Any] in
            let k = c.key, unit = (c.new ?? c.old)!.unit
            func text(_ v: PublishedValue?, exact: Bool = false) -> String {
                guard let v, let x = Double(v.value) else { return v == nil ? "" : "– (\(v!.status))" }
                // Exactly: as many decimals as the table wrote.
                let written = v.value.firstIndex(of: ".").map { v.value.distance(from: $0, to: v.value.endIndex) - 1 }
                let shown = exact ? language.number(x, decimals: written ?? 0) : values.number(x, unit: unit)
                return shown + (v.status == "A" ? "" : " (\(v.status))")
            }
            // A revision too small to show at the report's rounding is shown as the tables write it.
            let exact = text(c.old) == text(c.new)
            var name = language.indicator(k.indicator)
            if k.counterpart != "_T" { name += ", " + values.country(k.counterpart) }
            if k.sector != "_Z" { name += ", " + language.code("sector", k.sector, labels: labels) }
            if k.sex != "_T" { name += ", " + language.code("sex", k.sex, labels: labels) }
            return [
                "name": name, "year": "\(k.year)", "kind": language.change(c.kind.rawValue),
                "old": text(c.old, exact: exact), "new": text(c.new, exact: exact),
            ]
        }
        if changes.count > Self.listed {
            out["more"] =
                "\(language.number(Double(changes.count - Self.listed), decimals: 0)) "
                + language.text("more_changes")
        }
        return out
    }
}

extension ReportLanguage {
    /// Every language shipped, by code, read once.
    public static let shipped: [String: ReportLanguage] = Dictionary(
        uniqueKeysWithValues: available.compactMap { code in named(code).map { (code, $0) } })

}
