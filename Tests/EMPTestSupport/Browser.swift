import Foundation

// A real browser for the tests that must see a page as its reader does (the HTML report):
// headless Chromium prints it to PDF, dumps its DOM once rendered or takes a screenshot, and
// poppler-utils count the PDF's pages and read its text back. `make deps` installs the three
// Debian packages (chromium, poppler-utils, a font); `make test` runs it first.

/// Headless Chromium and poppler-utils, run as programs. Every function takes the path of an
/// HTML file, loads it as `file://` with nothing else reachable (no network, no first-run
/// pages, a profile of its own), and throws a `Browser.Failure` when a program is missing,
/// fails, or runs past `timeout`.
public enum Browser {
    /// What went wrong, with the program's standard error (less Chromium's dbus noise).
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// Names of the browser, the first found wins: Debian's, Ubuntu's, Google's.
    public static let names = ["chromium", "chromium-browser", "google-chrome"]

    /// How long one run may take before it is killed (a print takes ~1 s warm, ~2 s cold).
    public static let timeout: TimeInterval = 60

    /// The browser's path on PATH or in /usr/bin; nil when none is installed (`make deps`).
    public static var executable: String? { names.lazy.compactMap(program).first }

    /// Prints `html` to the PDF file `pdf`, as the print dialog would with its headers and
    /// footers off: the page's `@page` size and margins and its page breaks apply.
    public static func printToPDF(_ html: String, to pdf: String, timeout: TimeInterval = Browser.timeout) throws {
        let absolute = URL(fileURLWithPath: pdf).path
        try? FileManager.default.removeItem(atPath: absolute)
        try browse(html, ["--no-pdf-header-footer", "--print-to-pdf=\(absolute)"], output: absolute, timeout: timeout)
    }

    /// The number of pages of a PDF file (pdfinfo's `Pages:`).
    public static func pageCount(ofPDF path: String) throws -> Int {
        let info = try run(try tool("pdfinfo"), [path], what: "pdfinfo \(path)").stdout
        let line = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }
        guard let line, let pages = Int(line.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)) else {
            throw Failure("pdfinfo \(path) gave no page count:\n\(info)")
        }
        return pages
    }

    /// The text of a PDF file (pdftotext). With `layout`, a line keeps its columns apart by
    /// spaces as they stand on the page (a table's row stays on one line); without it the text
    /// comes in reading order. Pages end with a form feed (`\u{0C}`).
    public static func text(ofPDF path: String, layout: Bool = true) throws -> String {
        try run(try tool("pdftotext"), (layout ? ["-layout"] : []) + [path, "-"], what: "pdftotext \(path)").stdout
    }

    /// The text a reader sees of `html`: printed to PDF, then read back (`text(ofPDF:)`).
    /// What CSS hides is not there, what it generates is, and the entities are decoded.
    public static func renderedText(_ html: String, layout: Bool = true) throws -> String {
        let dir = try scratchDir("emp-browser-text")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try printToPDF(html, to: "\(dir)/page.pdf")
        return try text(ofPDF: "\(dir)/page.pdf", layout: layout)
    }

    /// The DOM of `html` once loaded and its scripts run, serialized (`--dump-dom`): markup,
    /// not what is visible (hidden elements are there; text is escaped as HTML serializes it,
    /// `&lt;&amp;` but a plain `"`).
    public static func dom(_ html: String, timeout: TimeInterval = Browser.timeout) throws -> String {
        try browse(html, ["--dump-dom"], output: nil, timeout: timeout)
    }

    /// A PNG screenshot of `html` in a window of `width` × `height` CSS pixels (the image has
    /// that size; what lies below is cut, what is shorter is padded with the page background).
    public static func screenshot(_ html: String, to png: String, width: Int = 1280, height: Int = 2400) throws {
        let absolute = URL(fileURLWithPath: png).path
        try? FileManager.default.removeItem(atPath: absolute)
        try browse(
            html, ["--screenshot=\(absolute)", "--window-size=\(width),\(height)", "--hide-scrollbars"],
            output: absolute, timeout: timeout)
    }

    /// Flags of every run: headless (root needs --no-sandbox), no GPU, shared memory in the
    /// temporary directory rather than /dev/shm, and nothing that reaches the network.
    static let flags = [
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--metrics-recording-only", "--disable-default-apps",
    ]

    /// Runs the browser on `html` with `arguments`, in a throwaway profile and HOME (tests run
    /// in parallel; none shares a profile). Fails when it exits non-zero or `output` is not
    /// there afterwards; its standard error is read only then. Returns its standard output.
    @discardableResult
    static func browse(
        _ html: String, _ arguments: [String], output: String?, timeout: TimeInterval
    ) throws
        -> String
    {
        guard let browser = executable else {
            throw Failure("no browser (\(names.joined(separator: ", "))) on PATH: `make deps` installs chromium")
        }
        let page = URL(fileURLWithPath: html)
        guard FileManager.default.fileExists(atPath: page.path) else { throw Failure("no page at \(page.path)") }
        let home = try scratchDir("emp-browser")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let env = ["HOME": home, "XDG_CONFIG_HOME": "\(home)/.config", "XDG_CACHE_HOME": "\(home)/.cache"]
        let what = "\((browser as NSString).lastPathComponent) \(arguments.joined(separator: " ")) \(page.path)"
        let result = try run(
            browser, flags + ["--user-data-dir=\(home)/profile"] + arguments + [page.absoluteString], env: env,
            timeout: timeout, what: what)
        if let output, !FileManager.default.fileExists(atPath: output) {
            throw Failure("\(what) wrote no \(output)\n\(relevant(result.stderr))")
        }
        return result.stdout
    }

    /// A program on PATH or in /usr/bin.
    static func program(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let dirs = path.split(separator: ":").map(String.init) + ["/usr/bin"]
        return dirs.lazy.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// One of poppler-utils' programs.
    static func tool(_ name: String) throws -> String {
        guard let path = program(name) else { throw Failure("no \(name) on PATH: `make deps` installs poppler-utils") }
        return path
    }

    /// Chromium's standard error without the lines it prints on every run on a machine with no
    /// session bus (dbus), at most its last 40 lines.
    static func relevant(_ stderr: String) -> String {
        let lines = stderr.split(separator: "\n", omittingEmptySubsequences: true)
        let kept = lines.filter { !$0.contains(":ERROR:dbus/") }
        let dropped = lines.count - kept.count
        return "stderr" + (dropped > 0 ? " (less \(dropped) dbus lines)" : "") + ":\n"
            + kept.suffix(40).joined(separator: "\n")
    }

    /// Runs a program with its output into files (as the end-to-end tests' `execute`: a pipe
    /// fills up and blocks a chatty program). Past `timeout` it is sent SIGTERM, then SIGKILL
    /// 5 s later, and the run fails; a non-zero exit fails too.
    static func run(
        _ program: String, _ arguments: [String], env: [String: String] = [:], timeout: TimeInterval = Browser.timeout,
        what: String
    ) throws -> (stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        if !env.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(env) { $1 } }
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("emp-browser-\(UUID().uuidString)")
        let (outPath, errPath) = (base.path + ".out", base.path + ".err")
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        defer { for p in [outPath, errPath] { try? FileManager.default.removeItem(atPath: p) } }
        let out = FileHandle(forWritingAtPath: outPath), err = FileHandle(forWritingAtPath: errPath)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        var timedOut = false
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            if exited.wait(timeout: .now() + 5) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                exited.wait()
            }
        }
        try? out?.close()
        try? err?.close()
        let (stdout, stderr) = (read(outPath), read(errPath))
        if timedOut {
            throw Failure("\(what) did not finish within \(Int(timeout)) s: killed\n\(relevant(stderr))")
        }
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let how = process.terminationReason == .exit ? "exited with" : "was killed by signal"
            throw Failure("\(what) \(how) \(process.terminationStatus)\n\(relevant(stderr))")
        }
        return (stdout, stderr)
    }
}
