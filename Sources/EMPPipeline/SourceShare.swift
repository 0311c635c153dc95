import EMPAggregate
import EMPConfig
import EMPCore
import EMPEmit
import EMPMicrodata
import EMPStore
import EMPValidate
import Foundation

/// One source's contribution to a run, read from its file or restored from the store: a cube
/// of its own (merged into the run's cube in source order), its accepted observations (what
/// the store keeps of an aggregate source), and its report.
final class SourceShare {
    let source: SourceConfig
    var cube = Cube()
    /// Accepted observations of an aggregate source, in file order (empty for microdata).
    var observations = ObservationTable()
    var report: SourceReport
    /// The store's batch (nil for `emp validate`, which keeps nothing).
    var batch: Int64?
    /// Read from its file in this run (false: restored from the store).
    var fresh: Bool
    /// Its place in the pipeline file (sources are read in another order: rates first).
    var index = 0
    /// The source's batch in the published release (else its current batch) when the run
    /// started: what a new delivery is compared with (nil: never imported).
    var previous: BatchInfo?
    /// Its current batch when the run started: the last good one (a failed delivery is never kept).
    var lastGood: BatchInfo?
    /// The rows its ingest set aside, until written and kept.
    var quarantine: Quarantine?
    /// The header of its quarantine file, kept after its rows are released (`datapackage.json`).
    var quarantineHeader: [String]?

    init(source: SourceConfig, report: SourceReport, fresh: Bool) {
        self.source = source
        self.report = report
        self.fresh = fresh
    }

    /// Takes an accepted observation: fx rates to the run, the rest to the cube (which keeps of
    /// the measures only the corridor costs, in a table of their own: `Cube+Costs`).
    func accept(_ obs: Observation, rates: inout ExchangeRates) {
        if obs.domain == .fx, let c = obs.currency, let v = obs.value {
            rates.set(c, obs.year, rate: v, status: obs.status)
        }
        guard keeps else { return }
        // Only a source read in this run keeps its rows (for its batch); a restored one is its cube.
        if fresh, source.domain != .microdata { observations.append(obs) }
        if obs.domain != .fx { cube.add(obs) }
    }

    /// False for `emp validate`: nothing is kept or computed, so an aggregate source's rows
    /// need neither its table nor its cube (a microdata source's cube still sums its weights:
    /// a sum past Int64 cents fails the source, in a check as in a run).
    var keeps = true

    /// Reads a source's file.
    static func read(
        _ source: SourceConfig, path: String, displayPath: String, context: IngestContext,
        rates: inout ExchangeRates, keeps: Bool = true
    ) -> SourceShare {
        var context = context
        let rejected = QuarantineCollector()
        context.quarantine = rejected
        let share = SourceShare(
            source: source, report: SourceReport(name: source.name, domain: source.domain.rawValue, path: displayPath),
            fresh: true)
        share.keeps = keeps || source.domain == .microdata
        // Exchange rates convert the sources after them, in a check as in a run.
        context.handsOnRows = share.keeps || source.domain == .fx
        let ingest = SourceIngest(source: source, path: path, displayPath: displayPath, context: context)
        let cube = share.cube
        let lane =
            source.domain == .microdata
            ? MicrodataLane(source: source, codes: context.codes, store: cube.micro, absorb: { cube.absorb($0) }) : nil
        share.report = ingest.run(lane: lane) { share.accept($0, rates: &rates) }
        if let lost = cube.centsOverflow { share.report.fail(with: OutOfRange.weightSum(lost.name)) }
        share.quarantine = rejected.collected
        share.quarantineHeader = share.quarantine?.header
        return share
    }

    /// Restores a batch from the store; `countries`: only these reporting countries (fx and
    /// measures are always restored whole: rates convert other sources, measures.csv lists all).
    static func restore(
        _ source: SourceConfig, batch: Int64, report: SourceReport, store: any ReleaseStore, countries: Set<String>?,
        rates: inout ExchangeRates
    ) throws -> SourceShare {
        let share = SourceShare(source: source, report: report, fresh: false)
        share.batch = batch
        if source.domain == .microdata {
            let kept = try store.microdataShare(batch: batch, countries: countries)
            guard let cube = Cube(share: kept) else {
                throw StoreError(
                    .incompatible, "batch \(batch) of \(source.name) does not fit this version of emp: run with --full")
            }
            share.cube = cube
            return share
        }
        // Corridor costs count for both their countries: a country's are the rows naming it at either end.
        if source.domain == .measures, let countries {
            try store.observations(batch: batch, naming: countries) { share.accept($0, rates: &rates) }
            return share
        }
        let whole = source.domain == .fx || source.domain == .measures
        try store.observations(batch: batch, countries: whole ? nil : countries) { share.accept($0, rates: &rates) }
        return share
    }

    /// Once kept in the store, the rows are needed only for measures.csv (the cube has the
    /// rest), which reads them back from the store: held through the rest of the ingest, the
    /// measures sources' rows were a fifth of a first run's peak memory.
    func release() {
        observations = ObservationTable()
        quarantine = nil
    }

    /// Writes its rejected rows as `<directory>/<source>.csv` (nothing when none was set aside).
    func writeQuarantine(in directory: String) throws {
        guard let quarantine else { return }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try QuarantineFile.render(quarantine).write(to: URL(fileURLWithPath: "\(directory)/\(source.name).csv"))
    }

    /// Its measures rows, handed over to measures.csv and no longer held here.
    func takeMeasures() -> MeasureTable {
        let table = MeasureTable()
        for o in observations where o.domain == .measures { table.add(o) }
        release()
        return table
    }

    /// The batch to keep for a freshly read source.
    /// Its coverage is what has a value: a country whose cells are all missing (a WDI line of
    /// empty years) is not a country of the release, and `emp status` does not count it.
    func newBatch(fingerprint: String, file: FileStamp, stampedAtNs: Int64) -> NewBatch {
        var coverage = cube.valuedCoverage
        for (domain, areas) in cube.reference {
            for (area, years) in areas {
                for (year, amount) in years where amount.value != nil {
                    coverage[area, default: [:]][year, default: []].insert(domain)
                }
            }
        }
        for o in observations where o.domain == .measures && o.value != nil {
            coverage[o.refArea, default: [:]][o.year, default: []].insert(.measures)
        }
        return NewBatch(
            source: source.name, domain: source.domain.rawValue, fingerprint: fingerprint, file: file,
            stampedAtNs: stampedAtNs, report: report, quarantine: quarantine, observations: observations,
            microdata: source.domain == .microdata ? cube.microdataShare : nil, coverage: coverage)
    }
}
