import EMPCore
import EMPStore

public enum ChangesFile {
    /// `changes.csv`: one row per value added, removed, revised or re-flagged since the
    /// previous release, sorted by key.
    public static let header = [
        "ref_area", "indicator", "sex", "counterpart_area", "sector", "rank", "time_period", "change",
        "old_value", "new_value", "unit_measure", "old_status", "new_status",
    ]

    public static func line(_ c: ValueChange) -> String {
        let k = c.key
        return CSVText.line([
            k.refArea, k.indicator, k.sex, k.counterpart, k.sector, k.rank, String(k.year), c.kind.rawValue,
            c.old?.value ?? "", c.new?.value ?? "", (c.new ?? c.old)!.unit, c.old?.status ?? "", c.new?.status ?? "",
        ])
    }
}
