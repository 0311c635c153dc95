/// Text sizes without a font at hand: the layout needs how wide a label will be before any
/// browser renders it. Widths are estimates for a proportional sans-serif (average glyph
/// about 0.6 em), on the generous side so that estimated room is real room.
enum TextMetrics {
    /// The base font size of every chart, in view-box units (readable at phone width).
    static let fontSize = 12.0
    /// The source note and other small print.
    static let smallFontSize = 10.0

    static func width(_ text: String, fontSize: Double = fontSize) -> Double {
        Double(text.count) * fontSize * 0.6
    }

    /// `text` cut to `limit` characters, the last being "…", when it is longer.
    static func truncate(_ text: String, to limit: Int) -> String {
        guard text.count > limit, limit > 1 else { return text }
        var kept = text.prefix(limit - 1)
        while kept.last?.isWhitespace == true { kept.removeLast() }  // "of the …" reads as a gap
        return String(kept) + "…"
    }

    /// The number of characters that fit in `width` at `fontSize`.
    static func characters(fitting width: Double, fontSize: Double = fontSize) -> Int {
        max(1, Int(width / (fontSize * 0.6)))
    }

    /// `text` broken at spaces into lines of at most `limit` characters; a word longer than a
    /// line is truncated rather than overflowing the view box.
    static func wrap(_ text: String, limit: Int) -> [String] {
        var lines: [String] = [], line = ""
        for word in text.split(whereSeparator: \.isWhitespace).map(String.init) {
            let candidate = line.isEmpty ? word : line + " " + word
            if candidate.count <= limit {
                line = candidate
            } else {
                if !line.isEmpty { lines.append(line) }
                line = truncate(word, to: limit)
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
