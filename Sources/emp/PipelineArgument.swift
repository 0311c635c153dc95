import Foundation

/// The pipeline argument: a path, or the bare name the summary line calls a pipeline
/// (`emp run default` reads `pipelines/default.yml` when there is no file `default`).
enum PipelineArgument {
    static func resolve(_ text: String) -> String {
        let fm = FileManager.default
        if fm.fileExists(atPath: text) || text.contains("/") || text.hasSuffix(".yml") || text.hasSuffix(".yaml") {
            return text
        }
        let named = "pipelines/\(text).yml"
        return fm.fileExists(atPath: named) ? named : text
    }
}
