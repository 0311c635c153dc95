import EMPCore
import EMPStore

public enum ChangesFile {
    /// `changes.csv`: one row per value added, removed, revised or re-flagged since the
    /// previous release, sorted by key.
    public static let header = [
        "ref_area", "indicator", "sex", "counterpart_area", "sector", "rank", "time_period", "change",
        "old_value", "new_value", "unit_measure", "old_status", "new_status",
    ]

    /// One change's line into a group's bytes (written at once: a first publication's
    /// changes are every value, and a `String` per line was made only to be written).
    public static func append(_ c: ValueChange, to out: inout [UInt8]) {
        let k = c.key
        CSVText.append(
            [
                k.refArea, k.indicator, k.sex, k.counterpart, k.sector, k.rank, String(k.year), c.kind.rawValue,
                c.old?.value ?? "", c.new?.value ?? "", (c.new ?? c.old)!.unit, c.old?.status ?? "",
                c.new?.status ?? "",
            ], to: &out)
    }
}
