import EMPEmit
import EMPStore

/// Release guards: what a run would take away from the published release. A value is
/// withdrawn when it had a number and the new release has none for it (removed, or revised
/// to an empty placeholder); placeholders that go are not a loss. A run that would withdraw
/// more than `max_removed_pct` of the numbers, every number of a country, or whose delivery
/// of a source accepts less than half the rows of its previous batch, is stopped unless
/// removals are allowed.
struct ReleaseGuard {
    private(set) var withdrawn = 0
    /// `BGD emi_outflow` → the years withdrawn, for the message.
    private(set) var byIndicator: [String: [Int]] = [:]
    /// Countries whose every number would go.
    private(set) var wiped: [String] = []
    /// The previous release's values with a number, counted country by country.
    private(set) var published = 0
    /// A country kept without its count (a store from before counts were kept).
    private(set) var unknownBase = false

    static func hasNumber(_ v: PublishedValue?) -> Bool { !(v?.value.isEmpty ?? true) }

    static func isWithdrawal(_ c: ValueChange) -> Bool { hasNumber(c.old) && !hasNumber(c.new) }

    /// Counts one country's changes; `before` / `after`: its numbers published now / next.
    /// A country whose values stay as they are: its numbers count in the base.
    mutating func keep(_ numbers: Int?) {
        if let numbers { published += numbers } else { unknownBase = true }
    }

    mutating func count(_ changes: [ValueChange], country: String, before: Int, after: Int) {
        published += before
        for c in changes where ReleaseGuard.isWithdrawal(c) {
            withdrawn += 1
            byIndicator["\(c.key.refArea) \(c.key.indicator)", default: []].append(c.key.year)
        }
        if before > 0, after == 0 { wiped.append(country) }
    }

    /// Sources whose batch accepted less than half the rows of the batch the last release
    /// used (read in this run or an earlier one that was refused, or imported since): the
    /// guard holds on every run until the release takes the new batch.
    static func shrunk(_ shares: [SourceShare]) -> [String] {
        shares.compactMap { s in
            guard let id = s.batch, let before = s.previous, before.id != id, before.report.accepted >= 10,
                s.report.accepted * 2 < before.report.accepted
            else { return nil }
            return
                "\(s.source.name) accepted \(s.report.accepted) of \(s.report.rowsRead) rows (\(s.report.quarantined) "
                + "quarantined, \(s.report.filtered) filtered); its previous batch had \(before.report.accepted)"
        }
    }

    /// Why the run may not publish, or nil.
    func refusal(published: Int, maxPct: Double, shrunk: [String]) -> String? {
        var reasons: [String] = []
        let share = published == 0 ? 0 : 100 * Double(withdrawn) / Double(published)
        if withdrawn > 0, share > maxPct {
            reasons.append(
                "it would withdraw \(withdrawn) of the \(published) published values that have a number "
                    + "(\(String(format: "%.1f", share))%, above the limit of \(ReleaseGuard.pct(maxPct))%, "
                    + "max_removed_pct)"
            )
        }
        if !wiped.isEmpty { reasons.append("it would withdraw every value of \(wiped.joined(separator: ", "))") }
        if !shrunk.isEmpty { reasons.append("a delivery shrank: " + shrunk.joined(separator: "; ")) }
        guard !reasons.isEmpty else { return nil }
        let listed = byIndicator.sorted { ($1.value.count, $0.key) < ($0.value.count, $1.key) }.prefix(10)
            .map { "\($0.key) \(StatusReport.ranges(Set($0.value).sorted())) (\($0.value.count))" }
        var text = "release guard: " + reasons.joined(separator: "; ")
        if !listed.isEmpty {
            text +=
                ". Values that would go: " + listed.joined(separator: ", ")
                + (byIndicator.count > 10 ? " and \(byIndicator.count - 10) more series" : "")
        }
        return text
            + ". Nothing was published. If this is intended, run again with --allow-removals (or set allow_removals: "
            + "true, or a higher max_removed_pct, in the pipeline file)"
    }

    /// Appended to a refusal when emp computes differently from the last release: an upgrade
    /// that publishes less (e.g. series no longer padded) is refused like a shrunk delivery,
    /// once, until the operator has seen what goes.
    static func upgradeNote(_ computeNote: String) -> String {
        ". Note: \(computeNote); what would go may be what this version no longer publishes rather than a loss "
            + "in the data: check the list, then allow it once"
    }

    static func pct(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(x) }
}
