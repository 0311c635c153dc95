/// Text for XML and HTML: the SDMX structure message's names and attributes, and the report's
/// words written outside its templates (the release line), with `&`, `<`, `>` and `"` escaped.
enum XMLText {
    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
