/// Strict decimal numbers: an optional minus, digits, an optional fraction after the
/// source's decimal mark, and an optional exponent (`5.80897E-05`, `1e3`: spreadsheets and R
/// write small and large values so). No `nan` or `inf`, no grouping: `1.234,5` in a
/// comma-decimal file is an error to report, not a guess to make. A number too large for a
/// double reads as infinity: `RowMapper` rejects it (`out-of-range`), never publishes it.
public enum NumberParser {
    public static func parse(_ text: String, decimal: Character = ".", grouping: Character?) -> Double? {
        guard let grouping else { return parse(text, decimal: decimal) }
        return ungroup(text, decimal: decimal, grouping: grouping).flatMap { parse($0, decimal: decimal) }
    }

    /// `1.234.567,5` → `1234567,5`: grouping marks only between groups of exactly three digits
    /// in the whole part; a space grouping also matches no-break and narrow no-break spaces.
    static func ungroup(_ text: String, decimal: Character, grouping: Character) -> String? {
        let marks: Set<Character> = grouping == " " ? [" ", "\u{00A0}", "\u{202F}"] : [grouping]
        guard text.contains(where: marks.contains) else { return text }
        let whole = text.split(separator: decimal, maxSplits: 1, omittingEmptySubsequences: false)
        var groups = whole[0].split(omittingEmptySubsequences: false, whereSeparator: marks.contains)
        if groups[0].hasPrefix("-") { groups[0].removeFirst() }
        guard (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
        let sign = whole[0].hasPrefix("-") ? "-" : ""
        return sign + groups.joined() + (whole.count > 1 ? String(decimal) + whole[1] : "")
    }

    public static func parse(_ text: String, decimal: Character = ".") -> Double? {
        if decimal == "." || decimal == ",", let v = short(text, mark: decimal.asciiValue!) { return v }
        let (mantissa, exponent) = splitExponent(Substring(text))
        guard let mantissa = plainDecimal(mantissa, decimal: decimal) else { return nil }
        guard let exponent else { return Double(mantissa) }
        guard isExponent(exponent) else { return nil }
        return Double(mantissa + "e" + exponent)
    }

    /// A plain decimal of at most 15 digits (`1509`, `-12.5`, `.75`), read from its bytes with
    /// no text made: the digits are an exact integer below 2^53 and a power of ten up to 10^15
    /// is exact, so one division gives the correctly rounded double `Double(String)` gives.
    /// nil for anything else (an exponent, a longer number, not a number), which `parse` reads
    /// the long way.
    static func short(_ text: String, mark: UInt8) -> Double? {
        var m: Int64 = 0, digits = 0, fraction = 0, sawMark = false, negative = false, ok = true
        var first = true
        for b in text.utf8 {
            defer { first = false }
            if b >= 0x30 && b <= 0x39 {
                m = m &* 10 &+ Int64(b &- 0x30)
                digits += 1
                if sawMark { fraction += 1 }
            } else if b == UInt8(ascii: "-") && first {
                negative = true
            } else if b == mark && !sawMark {
                sawMark = true
            } else {
                ok = false
                break
            }
        }
        guard ok, digits > 0, digits <= 15, !(sawMark && fraction == 0) else { return nil }
        let v = fraction == 0 ? Double(m) : Double(m) / powersOfTen[fraction]
        return negative ? -v : v
    }

    static let powersOfTen: [Double] = (0...15).map { n in (0..<n).reduce(1.0) { r, _ in r * 10 } }

    /// `5.8E-05` → (`5.8`, `-05`); no `e`/`E`: (text, nil).
    static func splitExponent(_ text: Substring) -> (Substring, Substring?) {
        guard let e = text.utf8.firstIndex(where: { $0 == 0x65 || $0 == 0x45 }) else { return (text, nil) }
        return (text[..<e], text[text.utf8.index(after: e)...])
    }

    /// An exponent: an optional sign and one to four digits (`1e99999` is not a number anyone wrote).
    static func isExponent(_ t: Substring) -> Bool {
        let digits = t.first == "-" || t.first == "+" ? t.dropFirst() : t
        return (1...4).contains(digits.count) && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// `-12,5` with decimal `,` → `-12.5`: an optional minus, digits and a fraction after the mark.
    /// Read as bytes (every cell of every file passes here); a mark that is not ASCII is read
    /// character by character.
    static func plainDecimal(_ text: Substring, decimal: Character) -> String? {
        guard let mark = decimal.asciiValue, mark != UInt8(ascii: "-") else {
            return plainDecimalCharacters(text, decimal: decimal)
        }
        var digits = 0, sawMark = false, fractionDigits = 0
        var normalised: [UInt8] = []
        normalised.reserveCapacity(text.utf8.count)
        for (i, b) in text.utf8.enumerated() {
            if b == UInt8(ascii: "-") && i == 0 { normalised.append(b); continue }
            if b == mark && !sawMark { sawMark = true; normalised.append(UInt8(ascii: ".")); continue }
            // ASCII digits only: any other byte (a letter, a space, a byte of a non-ASCII character) is not a number.
            guard b >= 0x30 && b <= 0x39 else { return nil }
            digits += 1
            if sawMark { fractionDigits += 1 }
            normalised.append(b)
        }
        guard digits > 0, !(sawMark && fractionDigits == 0) else { return nil }
        return String(decoding: normalised, as: UTF8.self)
    }

    static func plainDecimalCharacters(_ text: Substring, decimal: Character) -> String? {
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
        return normalised
    }

    /// Whole numbers in canonical form: digits only, no sign, no leading zero.
    public static func wholeNumber(_ text: String) -> Int? {
        guard !text.isEmpty, text.count <= 9, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        if text.count > 1 && text.first == "0" { return nil }
        return Int(text)
    }
}
