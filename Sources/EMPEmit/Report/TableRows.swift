/// The body rows of the report's value tables (the annex and each chart's data table), written
/// here instead of through the template: they are most of a page's tokens, and the template
/// engine looks each token up by reflection (a third of a 50-country benchmark run went to
/// it). Text is escaped as the template engine escapes it, so the bytes are the template's.
struct TableRows {
    struct Cell {
        var text: String
        /// The flag printed after the value (`E`, `B`…), empty for none.
        var flag = ""
    }

    private(set) var html = ""

    /// `<tr><th scope="row">label</th><td>text<sup class="flag">F</sup></td>…</tr>` and a line break.
    mutating func add(_ label: String, _ cells: [Cell]) {
        html += "<tr><th scope=\"row\">"
        Self.escape(label, into: &html)
        html += "</th>"
        for cell in cells {
            html += "<td>"
            Self.escape(cell.text, into: &html)
            if !cell.flag.isEmpty {
                html += "<sup class=\"flag\">"
                Self.escape(cell.flag, into: &html)
                html += "</sup>"
            }
            html += "</td>"
        }
        html += "</tr>\n"
    }

    /// The template engine's HTML escape (hummingbird-project/swift-mustache): the same five.
    static func escape(_ text: String, into out: inout String) {
        for c in text.unicodeScalars {
            switch c {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
    }
}
