import Foundation

/// A JSON document built in the order it is written, so output bytes are stable and numbers
/// appear exactly as formatted (no binary round trip).
public indirect enum JSONValue: Sendable {
    case object([(String, JSONValue)])
    case array([JSONValue])
    case string(String)
    /// A number already formatted as JSON number text.
    case number(String)
    case int(Int)
    case bool(Bool)
    case null

    public func render(indent: Int = 0) -> String {
        var out: [UInt8] = []
        render(into: &out, indent: indent)
        return String(decoding: out, as: UTF8.self)
    }

    /// On one line, without spaces (for a JSON value inside a database column).
    public var compact: String {
        var out: [UInt8] = []
        func walk(_ v: JSONValue) {
            switch v {
            case .object(let pairs):
                out.append(UInt8(ascii: "{"))
                for (i, (key, value)) in pairs.enumerated() {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    JSONValue.quote(key, into: &out)
                    out.append(UInt8(ascii: ":"))
                    walk(value)
                }
                out.append(UInt8(ascii: "}"))
            case .array(let items):
                out.append(UInt8(ascii: "["))
                for (i, item) in items.enumerated() {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    walk(item)
                }
                out.append(UInt8(ascii: "]"))
            default: v.render(into: &out, indent: 0)
            }
        }
        walk(self)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the rendering to a byte buffer: no intermediate strings.
    public func render(into out: inout [UInt8], indent: Int) {
        switch self {
        case .object(let pairs):
            if pairs.isEmpty { out += "{}".utf8; return }
            out += "{\n".utf8
            for (i, (key, value)) in pairs.enumerated() {
                if i > 0 { out += ",\n".utf8 }
                JSONValue.pad(&out, indent + 1)
                JSONValue.quote(key, into: &out)
                out += ": ".utf8
                value.render(into: &out, indent: indent + 1)
            }
            out.append(0x0A)
            JSONValue.pad(&out, indent)
            out.append(UInt8(ascii: "}"))
        case .array(let items):
            if items.isEmpty { out += "[]".utf8; return }
            let flat = items.allSatisfy { $0.isScalar }
            out += (flat ? "[" : "[\n").utf8
            for (i, item) in items.enumerated() {
                if i > 0 { out += (flat ? ", " : ",\n").utf8 }
                if !flat { JSONValue.pad(&out, indent + 1) }
                item.render(into: &out, indent: indent + 1)
            }
            if !flat { out.append(0x0A); JSONValue.pad(&out, indent) }
            out.append(UInt8(ascii: "]"))
        case .string(let s): JSONValue.quote(s, into: &out)
        case .number(let n): out += n.utf8
        case .int(let i): out += String(i).utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .null: out += "null".utf8
        }
    }

    static func pad(_ out: inout [UInt8], _ n: Int) {
        for _ in 0..<n { out.append(0x20); out.append(0x20) }
    }

    var isScalar: Bool {
        switch self {
        case .object, .array: return false
        default: return true
        }
    }

    public static func quote(_ s: String, into out: inout [UInt8]) {
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C }) {
            out.append(0x22)
            out += s.utf8
            out.append(0x22)
        } else {
            out += quote(s).utf8
        }
    }

    public static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }

    public static func optional(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
}
