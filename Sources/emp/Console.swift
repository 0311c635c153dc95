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
        let started = self.started, last = LastLine()
        return { stage in
            // At most ten lines a second while a file is read (a chunk comes every 64 KiB).
            let now = Date()
            // (the last chunk of a file is always shown).
            var always = true
            if case .reading(_, _, _, _, let bytes, let size) = stage, bytes > 0, bytes < size { always = false }
            guard last.take(now, always: always) else { return }
            let elapsed = String(format: "%.1f s", now.timeIntervalSince(started))
            FileHandle.standardError.write(Data("\r\u{1B}[2K[\(elapsed)] \(Console.describe(stage))".utf8))
        }
    }

    static func describe(_ stage: RunProgress) -> String {
        func percent(_ done: Int, _ count: Int) -> String { "\(done * 100 / max(count, 1))%" }
        switch stage {
        case .reading(let source, let index, let count, let rows, let bytes, let size):
            let file =
                size > 0
                ? String(
                    format: ": %d rows, %.1f of %.1f MB (%@)", rows, Double(bytes) / 1e6, Double(size) / 1e6,
                    percent(bytes, size)) : ""
            return "reading \(source) (source \(index) of \(count))\(file)…"
        case .restoring: return "restoring the kept batches…"
        case .computing(let done, let count): return "computing countries \(done)/\(count) (\(percent(done, count)))…"
        case .publishing: return "publishing…"
        }
    }

    /// When the progress line was last written (two sources may be read at once: behind a lock).
    final class LastLine: @unchecked Sendable {
        private var last = Date.distantPast
        private let lock = NSLock()

        /// Whether a line may be written now: always for a stage that must be shown, else at
        /// most every tenth of a second. Notes the time when it may.
        func take(_ now: Date, always: Bool) -> Bool {
            lock.lock()
            defer { lock.unlock() }
            guard always || now.timeIntervalSince(last) >= 0.1 else { return false }
            last = now
            return true
        }
    }

    func clearProgress() {
        if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }
}
