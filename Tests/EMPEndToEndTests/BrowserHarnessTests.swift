import Foundation
import Testing

/// The browser harness the HTML report's tests will render pages with (`Browser`), on a static
/// page of three printed sections. Chromium is not optional: `make test` installs it, and
/// without it these tests fail rather than skip.
@Suite struct BrowserHarnessTests {
    /// Three sections, each on a page of its own when printed; a number as the report prints
    /// them, text escaped as its templates escape it, an element CSS hides and one a script adds.
    static let page = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>Harness</title>
        <style>
        @page { size: A4; margin: 15mm }
        body { font-family: sans-serif }
        section { break-before: page }
        .hidden { display: none }
        .band { height: 300px; background: #1f77b4 }
        </style>
        </head>
        <body>
        <section id="first"><h1>First page</h1><p id="total">Total employment: 12,345.6</p>
        <div class="band"></div></section>
        <section id="second"><h1>Second page</h1><p id="escaped">&lt;&amp;&quot;</p></section>
        <section id="third"><h1>Third page</h1><p class="hidden">Never shown</p></section>
        <script>
        document.getElementById("third").insertAdjacentHTML("beforeend", "<p id=\\"added\\">Added by script</p>")
        </script>
        </body>
        </html>
        """

    /// The page written into a fresh scratch folder; fails (not skips) when there is no browser.
    func fixture() throws -> (dir: String, html: String) {
        try #require(Browser.executable != nil, "no chromium on PATH: run `make deps` (`make test` does)")
        let dir = try scratchDir("emp-browser-test")
        let html = "\(dir)/index.html"
        try Self.page.write(toFile: html, atomically: true, encoding: .utf8)
        return (dir, html)
    }

    @Test func printsOnePagePerSectionWithItsText() throws {
        let (dir, html) = try fixture()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Browser.printToPDF(html, to: "\(dir)/page.pdf")
        #expect(try Browser.pageCount(ofPDF: "\(dir)/page.pdf") == 3)
        let text = try Browser.text(ofPDF: "\(dir)/page.pdf")
        #expect(text.contains("12,345.6"))
        #expect(text.contains("<&\""))
        #expect(!text.contains("&lt;") && !text.contains("&amp;") && !text.contains("&quot;"))
        // Each section on its own page, in order; what CSS hides is not printed, what a script adds is.
        let pages = text.split(separator: "\u{0C}", omittingEmptySubsequences: false).map(String.init)
        try #require(pages.count >= 3, "\(text)")
        #expect(pages[0].contains("First page") && pages[0].contains("Total employment: 12,345.6"))
        #expect(pages[1].contains("Second page") && pages[1].contains("<&\""))
        #expect(pages[2].contains("Third page") && pages[2].contains("Added by script"))
        #expect(!text.contains("Never shown"))
    }

    @Test func renderedTextIsThePrintedText() throws {
        let (dir, html) = try fixture()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let text = try Browser.renderedText(html, layout: false)
        #expect(text.contains("Total employment: 12,345.6"))
        #expect(text.contains("<&\""))
        #expect(text.contains("Added by script"))
        #expect(!text.contains("Never shown"))
    }

    @Test func domIsThePageAfterItsScriptsRan() throws {
        let (dir, html) = try fixture()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let dom = try Browser.dom(html)
        #expect(dom.contains("<p id=\"total\">Total employment: 12,345.6</p>"))
        // Serialized text escapes < and & but not ".
        #expect(dom.contains("<p id=\"escaped\">&lt;&amp;\"</p>"))
        #expect(dom.contains("<p id=\"added\">Added by script</p>"))
        #expect(dom.contains("<p class=\"hidden\">Never shown</p>"))
    }

    @Test func screenshotIsAPNGOfTheWindowSize() throws {
        let (dir, html) = try fixture()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Browser.screenshot(html, to: "\(dir)/page.png", width: 1000, height: 1500)
        let png = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/page.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        #expect(png.count > 5_000, "\(png.count) bytes")
        // The IHDR chunk right after the signature: width and height, big-endian.
        let size = { (at: Int) in png.dropFirst(at).prefix(4).reduce(0) { $0 << 8 | Int($1) } }
        #expect(size(16) == 1000 && size(20) == 1500, "\(size(16)) × \(size(20))")
    }

    /// A page that never finishes loading is killed at the timeout, with a message that says so.
    @Test func aPageThatNeverLoadsTimesOut() throws {
        let (dir, _) = try fixture()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let html = "\(dir)/loop.html"
        try "<!doctype html><p>Looping</p><script>while (true) {}</script>".write(
            toFile: html, atomically: true, encoding: .utf8)
        let start = Date()
        #expect {
            try Browser.printToPDF(html, to: "\(dir)/loop.pdf", timeout: 2)
        } throws: { error in
            "\(error)".contains("did not finish within 2 s")
        }
        #expect(Date().timeIntervalSince(start) < 15)
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/loop.pdf"))
    }

    @Test func aMissingPageIsAnError() throws {
        let (dir, _) = try fixture()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: Browser.Failure.self) { try Browser.printToPDF("\(dir)/none.html", to: "\(dir)/none.pdf") }
    }
}
