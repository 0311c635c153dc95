import Foundation

/// stderr output: errors always; a progress line only on a terminal and never under --quiet.
struct Console {
    let showProgress: Bool

    init(quiet: Bool) {
        let term = ProcessInfo.processInfo.environment["TERM"]
        showProgress = !quiet && isatty(2) == 1 && term != "dumb"
    }

    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    var progress: ((String) -> Void)? {
        guard showProgress else { return nil }
        return { name in FileHandle.standardError.write(Data("\r\u{1B}[2Kreading \(name)…".utf8)) }
    }

    func clearProgress() {
        if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }
}
