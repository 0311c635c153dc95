import EMPPipeline
import Foundation

/// stderr output: errors always; a progress line only on a terminal and never under --quiet:
/// the stage, a count and percentage where the total is known, and the time since the start.
struct Console {
    let showProgress: Bool
    let started = Date()

    init(quiet: Bool) {
        let term = ProcessInfo.processInfo.environment["TERM"]
        showProgress = !quiet && isatty(2) == 1 && term != "dumb"
    }

    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    var progress: ((RunProgress) -> Void)? {
        guard showProgress else { return nil }
        let started = self.started
        return { stage in
            let elapsed = String(format: "%.1f s", Date().timeIntervalSince(started))
            FileHandle.standardError.write(Data("\r\u{1B}[2K[\(elapsed)] \(Console.describe(stage))".utf8))
        }
    }

    static func describe(_ stage: RunProgress) -> String {
        func percent(_ done: Int, _ count: Int) -> String { "\(done * 100 / max(count, 1))%" }
        switch stage {
        case .reading(let source, let index, let count, let bytes, let size):
            let file =
                size > 0
                ? String(
                    format: ": %.1f of %.1f MB (%@)", Double(bytes) / 1e6, Double(size) / 1e6, percent(bytes, size))
                : ""
            return "reading \(source) (source \(index) of \(count))\(file)…"
        case .restoring: return "restoring the kept batches…"
        case .computing(let done, let count): return "computing countries \(done)/\(count) (\(percent(done, count)))…"
        case .publishing: return "publishing…"
        }
    }

    func clearProgress() {
        if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }
}
