import EMPConfig

/// The code each distinct text of a field normalised to (nil: not a code), kept for one
/// source's rows. A file repeats a few hundred codes over hundreds of thousands of cells (a
/// World Bank line names its country once per year column), and normalising a country name
/// (aliases, case and accent folding) costs far more than one dictionary lookup.
///
/// A reference type so that `RowMapper`, a value, can fill it while mapping. One source's
/// rows are mapped on one thread; the lanes that read on a second thread use
/// `RowMapper.canonical`, which does not touch it.
final class CodeMemo {
    /// Per `CanonicalField.slot`.
    private var codes: [[String: String?]] = Array(repeating: [:], count: CanonicalField.allCases.count)
    /// `PeriodText.parse` of each distinct period text (a quarter, a span).
    private var periods: [String: (year: Int, text: String)?] = [:]
    private var lastPeriod: (text: String, period: (year: Int, text: String)?)?
    /// A file of ever-new texts (an id column mapped as a code by mistake) stops being
    /// remembered here rather than growing memory with its rows.
    static let limit = 1 << 16

    func code(_ slot: Int, _ text: String, _ normalise: (String) -> String?) -> String? {
        if let known = known(slot, text) { return known }
        return remember(slot, text, normalise(text))
    }

    /// What a text normalised to when it was seen before: `.some(nil)` when it is not a code,
    /// nil when it was never seen. With `remember`, for callers whose normaliser is a method of
    /// a struct: passing it as a closure copied the struct, a retain per field, on every cell.
    ///
    /// The field's last text is compared first: the mapper hands a repeated cell on as the same
    /// `String`, which compares by identity, where the dictionary hashes every byte.
    func known(_ slot: Int, _ text: String) -> String?? {
        if let last = last[slot], last.text == text { return .some(last.code) }
        guard let code = codes[slot][text] else { return nil }
        last[slot] = (text, code)
        return .some(code)
    }

    /// Keeps a text's code (below the limit) and returns it.
    func remember(_ slot: Int, _ text: String, _ code: String?) -> String? {
        if codes[slot].count < CodeMemo.limit { codes[slot][text] = .some(code) }
        last[slot] = (text, code)
        return code
    }

    private var last: [(text: String, code: String?)?] = Array(repeating: nil, count: CanonicalField.allCases.count)

    func period(_ text: String) -> (year: Int, text: String)? {
        if let last = lastPeriod, last.text == text { return last.period }
        let period: (year: Int, text: String)?
        if let known = periods[text] {
            period = known
        } else {
            period = PeriodText.parse(text)
            if periods.count < CodeMemo.limit { periods[text] = .some(period) }
        }
        lastPeriod = (text, period)
        return period
    }
}
