import EMPEmit
// The shared helpers (iso, scratchDir, read, repositoryRoot…), for every file of this target.
@_exported import EMPTestSupport
import EMPConfig
import EMPCore
import EMPRead
import EMPValidate
import Foundation
import Testing

/// Runs one source over `csv` (bytes) with the source block given in YAML.
struct IngestRun {
    var report: SourceReport
    var accepted: [Observation]
    var quarantine: String

    var rules: [String] { report.diagnostics.map(\.rule.rawValue) }
    /// Rules of the problems found on rows (not those of the whole file, such as no-row-accepted).
    var rowRules: [String] { report.diagnostics.filter { $0.line != nil }.map(\.rule.rawValue) }
    func diagnostics(_ rule: Rule) -> [Diagnostic] { report.diagnostics.filter { $0.rule == rule } }
    /// The quarantine file's records (header first), split by emp's reader.
    var quarantineRows: [[String]] {
        ((try? CSVReader.records(Array(quarantine.utf8))) ?? []).map {
            $0.fields.map { String(decoding: $0, as: UTF8.self) }
        }
    }
}

func ingest(
    _ sourceYAML: String, _ csv: [UInt8], rates: ExchangeRates = ExchangeRates(), tolerance: Double = 0.5,
    handsOn: Bool = true
) throws -> IngestRun {
    let dir = try scratchDir("emp-validate")
    let path = "\(dir)/data.csv"
    _ = FileManager.default.createFile(atPath: path, contents: Data(csv))
    let indented = sourceYAML.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(
        separator: "\n")
    let yaml = "version: 1\nname: t\nsources:\n  - name: src\n    path: data.csv\n" + indented + "\n"
    let config = try PipelineLoader.parse(yaml, file: "t.yml")
    let rejected = QuarantineCollector()
    var context = IngestContext(
        codes: CodeNormalizer(iso: iso), rates: rates, tolerancePct: tolerance, quarantine: rejected)
    context.handsOnRows = handsOn
    var accepted: [Observation] = []
    let report = SourceIngest(source: config.sources[0], path: path, displayPath: "data.csv", context: context).run {
        accepted.append($0)
    }
    let quarantine = rejected.collected.map { String(decoding: QuarantineFile.render($0), as: UTF8.self) } ?? ""
    #expect(report.reconciles, "rows read = accepted + quarantined")
    #expect(
        accepted.count == (handsOn ? report.accepted + (report.mirrored ?? 0) : 0),
        "a mirrored record is not a row read")
    return IngestRun(report: report, accepted: accepted, quarantine: quarantine)
}

func ingest(
    _ sourceYAML: String, _ csv: String, rates: ExchangeRates = ExchangeRates(), tolerance: Double = 0.5
) throws -> IngestRun {
    try ingest(sourceYAML, Array(csv.utf8), rates: rates, tolerance: tolerance)
}

let inflowsSource = """
    domain: inflows
    columns: { ref_area: country, time_period: year, partner: origin, value: persons, obs_status: flag }
    """
