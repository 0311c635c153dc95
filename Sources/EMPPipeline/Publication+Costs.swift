import EMPAggregate
import EMPConfig
import EMPCore

/// Corridor costs (SDG 10.c.1) reach the engine from measures sources, which otherwise never
/// enter the cube: their cost rows join its cost table (`Cube+Costs`), measures.csv is unchanged.
extension Publication {
    /// A measures source whose rows may be corridor costs (SDG 10.c.1): its measure is
    /// `remittance_cost_total`, or is read from a column. Its costs join the cube's cost table.
    static func feedsCosts(_ source: SourceConfig) -> Bool {
        source.domain == .measures && (source.constantMap["measure"].map { $0 == Cube.costMeasure } ?? true)
    }

    /// The corridor costs of the measures sources, for the countries to compute (as sender or
    /// receiver): restored from the store when not read in this run, the rows that name one of
    /// them at either end (a nightly run computing one country read all 185,000 of a DataBank
    /// file's rows back, a third of the run).
    func mergeCosts(into cube: Cube, _ touched: Set<String>) throws {
        var unused = ExchangeRates()
        for share in shares where Publication.feedsCosts(share.source) {
            if share.fresh {
                cube.merge(share.cube, countries: touched)
            } else if let id = share.batch {
                let kept = try SourceShare.restore(
                    share.source, batch: id, report: share.report, store: store, countries: touched, rates: &unused)
                cube.merge(kept.cube, countries: touched)
            }
        }
    }
}
