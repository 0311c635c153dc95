import EMPConfig
import EMPCore
import EMPValidate
import Foundation

// What `make fuzz` feeds the reader, the layouts and the pipeline loader. The first byte of an
// input picks a case; the rest is the file that case reads (a CSV for the fixed source blocks
// below, YAML text for the loader). Every case holds one invariant besides "no crash, no hang":
// a source's rows read = accepted + quarantined + filtered.

/// One fuzz case: a source block (YAML, indented under `sources:`) and the data file it reads.
struct SourceCase {
    var name: String
    var block: String
}

enum FuzzCases {
    /// Source blocks shaped like those of pipelines/ (one per reader path and layout).
    static let sources: [SourceCase] = [
        SourceCase(
            name: "long-semicolon-decimal-comma",
            block: """
                domain: inflows
                dialect: { delimiter: ";", decimal: "," }
                columns: { ref_area: tara, time_period: anul, partner: tara_origine, sex: sexul, value: persoane,
                           obs_status: nota }
                values:
                  sex: { Femei: F, Barbati: M, Total: _T, Nespecificat: _U }
                """),
        SourceCase(
            name: "long-comma",
            block: """
                domain: inflows
                columns: { ref_area: country, time_period: year, partner: origin, value: permits }
                """),
        SourceCase(
            name: "long-tab-stocks",
            block: """
                domain: stocks
                dialect: { delimiter: tab }
                columns: { time_period: year, direction: direction, partner: area, sex: sex, value: persons }
                values:
                  direction: { immigrants: IN, emigrants: OUT }
                constants: { ref_area: BGD }
                """),
        SourceCase(
            name: "wide-header-row",
            block: """
                domain: remittances
                encoding: utf-8-sig
                layout: { kind: wide, header_row: 5 }
                columns: { ref_area: Country Code }
                constants: { direction: OUT, currency: USD }
                """),
        SourceCase(
            name: "wide-skip-footer",
            block: """
                domain: remittances
                encoding: utf-8-sig
                layout: { kind: wide, skip_footer: 5 }
                columns: { ref_area: Receiving Countries  Code, partner: Sending Countries Code }
                constants: { direction: IN, currency: USD }
                missing: [".."]
                """),
        SourceCase(
            name: "wide-period-columns",
            block: """
                domain: measures
                layout: { kind: wide, period_columns: '^countryflow_(\\d{4})$', period_span: 5 }
                columns: { ref_area: country_dest_id, partner: country_orig_id }
                constants: { measure: migration_flow_5y, unit: PS, direction: IN }
                """),
        SourceCase(
            name: "matrix",
            block: """
                domain: stocks
                layout: { kind: matrix, row_labels: origin, columns_name: residence, totals: [Total] }
                columns: { ref_area: residence, partner: origin }
                constants: { direction: IN, time_period: "2011" }
                """),
        SourceCase(
            name: "eurostat-tsv",
            block: """
                domain: outflows
                layout: { kind: eurostat-tsv }
                columns: { ref_area: geo }
                filter: { agedef: COMPLET }
                """),
        SourceCase(
            name: "sdmx-csv",
            block: """
                domain: inflows
                layout: { kind: sdmx-csv }
                columns: { ref_area: geo }
                filter: { reason: Total, citizen: Total, duration: Total, unit: Person }
                """),
        SourceCase(
            name: "microdata",
            block: """
                domain: microdata
                columns:
                  ref_area: pays
                  time_period: annee
                  direction: sens
                  partner: pays_partenaire
                  sex: sexe
                  age_years: age
                  education: niveau_isced
                  duration_months: duree_mois
                  reason: motif
                  sector: secteur_isic
                  occupation: profession_isco
                  weight: poids
                values:
                  direction: { arrivee: IN, depart: OUT }
                  partner: { "": _U }
                  reason: { travail: WORK, famille: FAMILY, etudes: STUDY, autre: OTHER, "": _U }
                  sector: { "": _Z, "?": _U }
                """),
        SourceCase(
            name: "windows-1252-measures",
            block: """
                domain: measures
                encoding: windows-1252
                columns: { ref_area: COUNTRY, time_period: YEAR, education: HATLEV1D, unit: Unit Code,
                           unit_mult: PowerCode Code, value: Value, obs_status: Flag Codes }
                values: { education: { L: LOW, M: MID, H: HIGH, T: _T } }
                constants: { measure: employment_rate_by_education, direction: IN }
                filter: { BIRTH: FB }
                """),
        // Last: the data cases above keep their case bytes (the loader's moves one on).
        SourceCase(
            name: "matrix-both-sides",
            block: """
                domain: stocks
                layout: { kind: matrix, row_labels: dest, columns_name: origin, totals: [World], both_sides: true }
                columns: { ref_area: dest, partner: origin }
                values: { partner: { Other North: _O, Other South: _O, Unknown: _U } }
                constants: { direction: IN, time_period: "2020" }
                """),
    ]

    /// The case byte of the pipeline loader: the rest of the input is a pipeline file. When it
    /// holds a NUL byte, the YAML is what precedes it and the bytes after it are the data file
    /// its first source reads (the loader and the reader fuzzed together).
    static var loaderCase: UInt8 { UInt8(sources.count) }
    static var caseCount: Int { sources.count + 1 }

    /// The pipeline file of one source block reading `data.csv`.
    static func pipeline(_ source: SourceCase) -> String {
        let indented = source.block.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
        return "version: 1\nname: fuzz\nsources:\n  - name: src\n    path: data.csv\n"
            + indented.joined(separator: "\n") + "\n"
    }

    /// The source of each data case, loaded once (the loader costs more than reading 4 KB).
    static let configs: [SourceConfig] = sources.map { source in
        do { return try PipelineLoader.parse(pipeline(source), file: "fuzz.yml").sources[0] } catch {
            fatalError("emp-fuzz: the fixed pipeline of case \(source.name) does not load: \(error)")
        }
    }

    static let codes: CodeNormalizer = {
        do { return CodeNormalizer(iso: try ISOCodes.load()) } catch { fatalError("emp-fuzz: iso-codes: \(error)") }
    }()

    /// The file the data cases write (one per process, rewritten for every input).
    static let dataPath: String = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "emp-fuzz-\(ProcessInfo.processInfo.processIdentifier)"
        ).path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir + "/data.csv"
    }()

    /// Runs one input; traps (fatalError) when an invariant does not hold.
    static func run(_ input: [UInt8]) {
        guard let first = input.first else { return }
        let rest = Array(input.dropFirst())
        let pick = Int(first) % caseCount
        if pick < sources.count {
            ingest(configs[pick], rest, caseName: sources[pick].name)
            return
        }
        let yamlBytes = rest.firstIndex(of: 0).map { rest[..<$0] } ?? rest[...]
        let data = rest.firstIndex(of: 0).map { Array(rest[($0 + 1)...]) }
        // The loader takes text; bytes that are not UTF-8 are refused before it (PipelineLoader.load).
        guard let text = String(validating: yamlBytes, as: UTF8.self) else { return }
        guard let config = try? PipelineLoader.parse(text, file: "fuzz.yml") else { return }
        if let data, let source = config.sources.first { ingest(source, data, caseName: "loader") }
    }

    /// Writes the file in place: no temporary file, rename or fsync (FileManager's atomic write
    /// spent most of an input's time in fsync).
    static func write(_ bytes: [UInt8], to path: String) {
        guard let file = fopen(path, "wb") else { fatalError("emp-fuzz: cannot write \(path)") }
        defer { fclose(file) }
        guard bytes.isEmpty || fwrite(bytes, 1, bytes.count, file) == bytes.count else {
            fatalError("emp-fuzz: cannot write \(path)")
        }
    }

    static func ingest(_ source: SourceConfig, _ data: [UInt8], caseName: String) {
        write(data, to: dataPath)
        let context = IngestContext(
            codes: codes, rates: ExchangeRates(), tolerancePct: 0.5, quarantine: QuarantineCollector())
        var accepted = 0
        let report = SourceIngest(source: source, path: dataPath, displayPath: "data.csv", context: context).run { _ in
            accepted += 1
        }
        // A matrix read both sides hands on a second, mirrored observation for a row (not a row read).
        guard report.reconciles, accepted == report.accepted + (report.mirrored ?? 0) else {
            fatalError(
                "emp-fuzz (\(caseName)): rows read \(report.rowsRead) ≠ accepted \(report.accepted) + quarantined "
                    + "\(report.quarantined) + filtered \(report.filtered) (observations handed on: \(accepted), "
                    + "mirrored \(report.mirrored ?? 0))")
        }
    }
}
