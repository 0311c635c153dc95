/// Writes SVG elements into one string. Everything that comes from outside (labels, titles,
/// attribute values) goes through `SVG.escape`, so a label cannot break the markup; numbers go
/// through `SVG.number`, so the same chart is the same bytes on every machine and locale.
struct SVGWriter {
    private(set) var output = ""

    /// `<name …>` on its own line; its children follow until `close(name)`.
    mutating func open(_ name: String, _ attributes: SVGAttributes = [:]) {
        output += "<\(name)\(attributes.rendered)>\n"
    }

    mutating func close(_ name: String) {
        output += "</\(name)>\n"
    }

    /// An element without children, or with text, or with a `<title>` child (the tooltip a
    /// browser shows on hover, which screen readers also read).
    mutating func element(_ name: String, _ attributes: SVGAttributes = [:], text: String? = nil, title: String? = nil)
    {
        output += "<\(name)\(attributes.rendered)"
        if let text {
            output += ">\(SVG.escape(text))</\(name)>\n"
        } else if let title {
            output += "><title>\(SVG.escape(title))</title></\(name)>\n"
        } else {
            output += "/>\n"
        }
    }
}

/// A value an attribute takes: text as given (escaped when written), numbers as coordinates.
protocol SVGValue {
    var svgText: String { get }
}

extension String: SVGValue {
    var svgText: String { self }
}

extension Double: SVGValue {
    var svgText: String { SVG.number(self) }
}

extension Int: SVGValue {
    var svgText: String { String(self) }
}

/// Attributes in the order written (a dictionary would shuffle them from run to run), built
/// from a literal: `["x": 12.5, "fill": "#fff"]`.
struct SVGAttributes: ExpressibleByDictionaryLiteral {
    private var pairs: [(name: String, value: String)]

    init(dictionaryLiteral elements: (String, any SVGValue)...) {
        pairs = elements.map { ($0.0, $0.1.svgText) }
    }

    /// Adds an attribute only some elements have (a dash pattern, a class).
    mutating func set(_ name: String, _ value: any SVGValue) {
        pairs.append((name, value.svgText))
    }

    /// These attributes followed by `other`'s (a literal too long for one line, split).
    func with(_ other: SVGAttributes) -> SVGAttributes {
        var joined = self
        joined.pairs += other.pairs
        return joined
    }

    var rendered: String {
        pairs.map { " \($0.name)=\"\(SVG.escape($0.value))\"" }.joined()
    }
}

/// The `d` of a `<path>`, built command by command.
struct PathData {
    private(set) var text = ""

    mutating func move(_ x: Double, _ y: Double) {
        text += (text.isEmpty ? "" : " ") + "M\(SVG.number(x)) \(SVG.number(y))"
    }

    mutating func line(_ x: Double, _ y: Double) {
        text += " L\(SVG.number(x)) \(SVG.number(y))"
    }

    mutating func close() {
        text += " Z"
    }
}

enum SVG {
    /// Escapes the five XML specials and drops what XML 1.0 forbids outright (control
    /// characters other than tab and line breaks, U+FFFE/U+FFFF): a stray byte in a label
    /// from a source file must not make the whole report ill-formed.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: if allowedInXML(scalar) { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    private static func allowedInXML(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: true
        case 0..<0x20, 0xFFFE, 0xFFFF: false
        default: true
        }
    }

    /// A coordinate with at most one decimal, "." as separator whatever the locale, never
    /// "-0" and never "nan": integer arithmetic on tenths, which prints the same everywhere.
    /// Coordinates are clamped far outside any view box so the conversion cannot trap.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let tenths = Int((min(max(value, -1e9), 1e9) * 10).rounded())
        guard tenths != 0 else { return "0" }
        let sign = tenths < 0 ? "-" : "", magnitude = abs(tenths)
        let (whole, decimal) = magnitude.quotientAndRemainder(dividingBy: 10)
        return decimal == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(decimal)"
    }
}
