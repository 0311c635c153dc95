/// The key columns of `indicators.csv` and `indicators_wide.csv` (written by `IndicatorWriter`).
public enum IndicatorTables {
    static let keyColumns = ["ref_area", "indicator", "sex", "counterpart_area", "sector", "rank"]
}
