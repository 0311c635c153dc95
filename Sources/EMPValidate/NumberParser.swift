/// Strict decimal numbers: an optional minus, digits, and an optional fraction after the
/// source's decimal mark. No exponents, no `nan`, no grouping: `1.234,5` in a comma-decimal
/// file is an error to report, not a guess to make.
public enum NumberParser {
    public static func parse(_ text: String, decimal: Character = ".") -> Double? {
        var digits = 0, sawMark = false, fractionDigits = 0
        var normalised = ""
        normalised.reserveCapacity(text.utf8.count)
        for (i, ch) in text.enumerated() {
            if ch == "-" && i == 0 { normalised.append(ch); continue }
            if ch == decimal && !sawMark { sawMark = true; normalised.append("."); continue }
            guard ch.isASCII, let d = ch.wholeNumberValue, d >= 0 else { return nil }
            digits += 1
            if sawMark { fractionDigits += 1 }
            normalised.append(ch)
        }
        guard digits > 0, !(sawMark && fractionDigits == 0) else { return nil }
        return Double(normalised)
    }

    /// Whole numbers in canonical form: digits only, no sign, no leading zero.
    public static func wholeNumber(_ text: String) -> Int? {
        guard !text.isEmpty, text.count <= 9, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        if text.count > 1 && text.first == "0" { return nil }
        return Int(text)
    }
}
