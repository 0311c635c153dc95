import EMPCore
import Foundation

/// `run.json`: what went in (with hashes and row counts), what came out, with which
/// versions, and how long each stage took. The only output that differs between two runs
/// of the same inputs (its timings and date).
public struct RunManifest {
    /// What the run was asked: the pipeline file, `--full`.
    public struct Run: Sendable {
        public var pipelineName: String
        public var pipelinePath: String
        public var full: Bool
        public var empVersion: String
        public var libcsvVersion: String
        public var pipelineSchema: Int

        public init(
            pipelineName: String, pipelinePath: String, full: Bool, empVersion: String, libcsvVersion: String,
            pipelineSchema: Int
        ) {
            (self.pipelineName, self.pipelinePath, self.full) = (pipelineName, pipelinePath, full)
            (self.empVersion, self.libcsvVersion, self.pipelineSchema) = (empVersion, libcsvVersion, pipelineSchema)
        }
    }

    let run: Run
    let result: RunResult
    let folder: OutputFolder

    public init(run: Run, result: RunResult, folder: OutputFolder) {
        (self.run, self.result, self.folder) = (run, result, folder)
    }

    public func write() throws {
        let pipelineData = FileManager.default.contents(atPath: run.pipelinePath) ?? Data()
        let doc = JSONValue.object([
            ("schema_version", .int(1)),
            ("emp_version", .string(run.empVersion)),
            ("mode", .string(result.mode.rawValue)),
            ("run_id", result.runID.map { .int(Int($0)) } ?? .null),
            ("full", .bool(run.full)),
            ("sources_read", .array(result.sourcesRead.map { .string($0) })),
            ("countries_computed", .int(result.countriesComputed)),
            ("finished_at", .string(ISO8601DateFormatter().string(from: Date()))),
            ("exit_code", .int(Int(result.status.rawValue))),
            ("outcome", .string(result.outcome.rawValue)),
            ("stale", .array(result.stale.map { .string($0) })),
            ("warnings", .array(result.warnings.map { .string($0) })),
            ("refusal", .optional(result.refusal)),
            (
                "pipeline",
                .object([
                    ("name", .string(run.pipelineName)), ("path", .string(run.pipelinePath)),
                    ("sha256", .string(Digest.sha256Hex(pipelineData))),
                ])
            ),
            (
                "inputs",
                .array(
                    result.sources.map { s in
                        .object([
                            ("source", .string(s.name)), ("domain", .string(s.domain)), ("path", .string(s.path)),
                            ("sha256", .string(s.sha256)), ("bytes", .int(s.bytes)), ("rows_read", .int(s.rowsRead)),
                            ("threads", .int(s.threads)),
                            ("accepted", .int(s.accepted)), ("quarantined", .int(s.quarantined)),
                            ("status", .string(s.status.rawValue)),
                        ])
                    })
            ),
            (
                "outputs",
                .array(
                    folder.files.sorted { $0.path < $1.path }.map { f in
                        .object([("path", .string(f.path)), ("bytes", .int(f.bytes)), ("sha256", .string(f.sha256))])
                    })
            ),
            (
                "versions",
                .object([
                    ("emp", .string(run.empVersion)), ("libcsv", .string(run.libcsvVersion)),
                    ("pipeline_schema", .int(run.pipelineSchema)),
                ])
            ),
            ("timings_seconds", .object(result.timings.map { ($0.0, .number(String(format: "%.3f", $0.1))) })),
        ])
        try folder.write("run.json", doc.render() + "\n")
    }
}
