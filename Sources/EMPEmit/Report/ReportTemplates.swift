import Foundation
import Mustache

/// The report's Mustache templates (`Report/Templates/*.mustache`, shipped as resources),
/// parsed once. Mustache escapes every value it inserts (`{{name}}`): a country or source
/// named `<&"` prints as text. Only the SVG of the charts, which EMPChart escapes itself, and
/// fragments rendered by these same templates are inserted raw (`{{{svg}}}`).
enum ReportTemplates {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        let folder = Bundle.module.resourceURL!.appendingPathComponent("Templates")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        for file in names where file.hasSuffix(".mustache") {
            let text = (try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)) ?? ""
            do { try library.register(text, named: String(file.dropLast(9))) } catch {
                preconditionFailure("the report template \(file) does not parse: \(error)")
            }
        }
        return library
    }()

    /// A template rendered with the values; empty strings count as absent (`{{#flag}}` shows
    /// nothing for a normal value, `{{flag}}` prints nothing), which Mustache alone would not do.
    static func render(_ name: String, _ values: [String: Any]) -> String {
        library.render(pruned(values), withTemplate: name) ?? ""
    }

    /// An empty string as Mustache should see it: a null for sections, nothing when printed.
    struct Blank: MustacheCustomRenderable {
        var renderText: String { "" }
        var isNull: Bool { true }
    }

    static func pruned(_ value: Any) -> Any {
        switch value {
        case let s as String: return s.isEmpty ? Blank() : s
        case let d as [String: Any]: return d.mapValues(pruned)
        case let a as [[String: Any]]: return a.map { pruned($0) }
        case let a as [Any]: return a.map(pruned)
        default: return value
        }
    }
}

/// Text for a CSS string (`content: "…"` of the page header): quotes, backslashes and
/// anything that could close the style element escaped as CSS escapes.
enum CSSText {
    static func string(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "\"", "\\", "<", ">", "&", "\n", "\r", "'": out += "\\" + String(u.value, radix: 16) + " "
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
