/// RFC 4180 output: a field is quoted when it holds the delimiter, a quote or a line break.
public enum CSVText {
    public static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public static func line(_ fields: [String]) -> String {
        var out: [UInt8] = []
        append(fields, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends one line to a byte buffer (no intermediate strings: this runs once per output row).
    public static func append(_ fields: [String], to out: inout [UInt8]) {
        var first = true
        for f in fields {
            if !first { out.append(0x2C) }
            first = false
            if f.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
                out += field(f).utf8
            } else {
                out += f.utf8
            }
        }
        out.append(0x0A)
    }
}
