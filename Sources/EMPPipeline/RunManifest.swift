import EMPConfig
import EMPCore
import EMPEmit
import EMPRead
import Foundation

/// `run.json`: what went in (with hashes and row counts), what came out, with which
/// versions, and how long each stage took. The only output that differs between two runs
/// of the same inputs (its timings and date).
struct RunManifest {
    let options: RunOptions
    let config: PipelineConfig
    let result: RunResult
    let folder: OutputFolder

    func write() throws {
        let pipelineData = FileManager.default.contents(atPath: options.pipelinePath) ?? Data()
        let doc = JSONValue.object([
            ("schema_version", .int(1)),
            ("emp_version", .string(PipelineRunner.version)),
            ("mode", .string(options.mode.rawValue)),
            ("run_id", result.runID.map { .int(Int($0)) } ?? .null),
            ("full", .bool(options.full)),
            ("sources_read", .array(result.sourcesRead.map { .string($0) })),
            ("countries_computed", .int(result.countriesComputed)),
            ("finished_at", .string(ISO8601DateFormatter().string(from: Date()))),
            ("exit_code", .int(Int(result.status.rawValue))),
            ("outcome", .string(result.outcome)),
            ("stale", .array(result.stale.map { .string($0) })),
            ("warnings", .array(result.warnings.map { .string($0) })),
            ("refusal", .optional(result.refusal)),
            ("pipeline", .object([("name", .string(config.name)), ("path", .string(options.pipelinePath)),
                                  ("sha256", .string(Digest.sha256Hex(pipelineData)))])),
            ("inputs", .array(result.sources.map { s in
                .object([("source", .string(s.name)), ("domain", .string(s.domain)), ("path", .string(s.path)),
                         ("sha256", .string(s.sha256)), ("bytes", .int(s.bytes)), ("rows_read", .int(s.rowsRead)), ("threads", .int(s.threads)),
                         ("accepted", .int(s.accepted)), ("quarantined", .int(s.quarantined)),
                         ("status", .string(s.status.rawValue))])
            })),
            ("outputs", .array(folder.files.sorted { $0.path < $1.path }.map { f in
                .object([("path", .string(f.path)), ("bytes", .int(f.bytes)), ("sha256", .string(f.sha256))])
            })),
            ("versions", .object([("emp", .string(PipelineRunner.version)), ("libcsv", .string("\(CSVLibrary.version)")),
                                  ("pipeline_schema", .int(PipelineConfig.supportedVersion))])),
            ("timings_seconds", .object(result.timings.map { ($0.0, .number(String(format: "%.3f", $0.1))) })),
        ])
        try folder.write("run.json", doc.render() + "\n")
    }
}
