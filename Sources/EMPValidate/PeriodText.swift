/// Periods other than a calendar year. The profiles are annual, so only ready-made measures
/// keep them, as SDMX-style text: a quarter `2011Q1` is `2011-Q1`, a month `2019M03` or
/// `2019-03` is `2019-03`, a range `1990-1995` stays `1990-1995` — never relabelled as a year.
enum PeriodText {
    static func parse(_ raw: String) -> (year: Int, text: String)? {
        let t = raw.uppercased()
        let chars = Array(t)
        guard chars.count >= 6, let year = Int(String(chars[0..<4])), (1900...2100).contains(year) else { return nil }
        let rest = String(chars[4...])
        if let q = quarter(rest) { return (year, "\(year)-Q\(q)") }
        if let m = month(rest) { return (year, "\(year)-" + (m < 10 ? "0\(m)" : "\(m)")) }
        if rest.hasPrefix("-"), rest.count == 5, let end = Int(rest.dropFirst()), end > year, end - year <= 10 {
            return (year, "\(year)-\(end)")
        }
        return nil
    }

    /// `Q1`, `-Q1`.
    static func quarter(_ s: String) -> Int? {
        let body = s.hasPrefix("-") ? s.dropFirst() : Substring(s)
        guard body.count == 2, body.first == "Q", let q = Int(body.dropFirst()), (1...4).contains(q) else { return nil }
        return q
    }

    /// `M03`, `-M03`, `-03`.
    static func month(_ s: String) -> Int? {
        var body = s.hasPrefix("-") ? s.dropFirst() : Substring(s)
        if body.first == "M" { body = body.dropFirst() } else if !s.hasPrefix("-") { return nil }
        guard body.count == 2, let m = Int(body), (1...12).contains(m) else { return nil }
        return m
    }
}
