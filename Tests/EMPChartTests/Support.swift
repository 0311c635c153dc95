import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

@testable import EMPChart

/// One element of a parsed chart: its name, attributes, direct text and ancestors' names.
struct ParsedElement {
    let name: String
    let attributes: [String: String]
    var text: String
    let ancestors: [String]
}

/// A chart read back with Foundation's XML parser, as a browser's XML parser would read it:
/// a chart that does not parse is a broken report page.
final class ParsedSVG: NSObject, XMLParserDelegate {
    private(set) var elements: [ParsedElement] = []
    private(set) var error: Error?
    private var open: [Int] = []

    init(_ svg: String) {
        super.init()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = self
        if !parser.parse() { error = parser.parserError ?? CocoaError(.fileReadCorruptFile) }
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String]
    ) {
        let ancestors = open.map { elements[$0].name }
        elements.append(ParsedElement(name: name, attributes: attributes, text: "", ancestors: ancestors))
        open.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        open.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let index = open.last { elements[index].text += string }
    }

    func all(_ name: String) -> [ParsedElement] { elements.filter { $0.name == name } }

    /// Elements of `name` with `class` set to `className`.
    func all(_ name: String, class className: String) -> [ParsedElement] {
        all(name).filter { $0.attributes["class"] == className }
    }

    /// The texts of the `<text>` elements, in document order.
    var texts: [String] { all("text").map(\.text) }

    /// The `<title>` tooltips of the drawn elements (not the chart's own title).
    var tooltips: [String] { all("title").filter { $0.ancestors.count > 1 }.map(\.text) }
}

/// The words of a test chart; numbers formatted with a thousands separator, as the report does.
func chartText(
    id: String = "chart", title: String = "Immigration", unit: String = "Persons",
    source: String = "Source: test data", marks: [(flag: String, label: String)] = []
) -> ChartText {
    ChartText(
        id: id, title: title, unit: unit, source: source, description: "What the chart shows", marks: marks,
        format: grouped)
}

let breakAndProvisional: [(flag: String, label: String)] = [("B", "Break in series"), ("P", "Provisional value")]

/// 12345.6 → "12,345.6"; whole numbers without decimals.
@Sendable func grouped(_ value: Double) -> String {
    let tenths = Int((value * 10).rounded())
    let sign = tenths < 0 ? "-" : "", magnitude = abs(tenths)
    var digits = String(magnitude / 10), groups: [String] = []
    while digits.count > 3 {
        groups.insert(String(digits.suffix(3)), at: 0)
        digits.removeLast(3)
    }
    groups.insert(digits, at: 0)
    let decimal = magnitude % 10 == 0 ? "" : ".\(magnitude % 10)"
    return sign + groups.joined(separator: ",") + decimal
}

func years(_ range: ClosedRange<Int>) -> [String] { range.map(String.init) }

/// Checks what every chart must be: one well-formed `<svg>` with the accessible name first,
/// no number that did not print (nan, inf, -0).
func expectWellFormedChart(_ svg: String, id: String = "chart", sourceLocation: SourceLocation = #_sourceLocation) {
    let parsed = ParsedSVG(svg)
    #expect(parsed.error == nil, "\(String(describing: parsed.error))", sourceLocation: sourceLocation)
    let root = parsed.elements.first
    #expect(root?.name == "svg", sourceLocation: sourceLocation)
    #expect(root?.attributes["xmlns"] == "http://www.w3.org/2000/svg", sourceLocation: sourceLocation)
    #expect(root?.attributes["role"] == "img", sourceLocation: sourceLocation)
    #expect(root?.attributes["width"] == "100%", sourceLocation: sourceLocation)
    #expect(root?.attributes["aria-labelledby"] == "\(id)-title \(id)-desc", sourceLocation: sourceLocation)
    #expect(root?.attributes["font-family"] == "system-ui, sans-serif", sourceLocation: sourceLocation)
    let children = Array(parsed.elements.dropFirst().prefix(2))
    #expect(children.map(\.name) == ["title", "desc"], sourceLocation: sourceLocation)
    #expect(children.map { $0.attributes["id"] } == ["\(id)-title", "\(id)-desc"], sourceLocation: sourceLocation)
    let numbers = parsed.elements.flatMap { $0.attributes.values }
    #expect(!numbers.contains { $0.contains("nan") || $0.contains("inf") }, sourceLocation: sourceLocation)
    #expect(!hasNegativeZero(svg), sourceLocation: sourceLocation)
}

/// Whether "-0" stands alone somewhere ("-0.5" does not count).
func hasNegativeZero(_ text: String) -> Bool {
    let characters = Array(text)
    for index in characters.indices.dropLast() where characters[index] == "-" && characters[index + 1] == "0" {
        let next = index + 2 < characters.count ? characters[index + 2] : " "
        if next != "." && !next.isNumber { return true }
    }
    return false
}
