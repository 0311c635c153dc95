import EMPConfig
import EMPCore
import Foundation

/// The text `emp inspect` prints: what it found, then a source block ready to edit.
extension Inspection {
    public var report: String {
        var out = "\(path): \(bytes) bytes\n"
        out += "  encoding:   \(encoding.rawValue) (\(encodingNote))\n"
        out += "  delimiter:  \(delimiterName)\n"
        out +=
            "  header:     line \(headerLine)\(preamble.isEmpty ? "" : ", after \(preamble.count) preamble line(s)")\n"
        for p in preamble.prefix(6) { out += "              | \(p.prefix(70))\n" }
        out += "  footer:     " + (footer.isEmpty ? "none\n" : "\(footer.count) line(s) after the data\n")
        for f in footer { out += "              | \(f.isEmpty ? "(only delimiters)" : String(f.prefix(70)))\n" }
        out += "  layout:     \(layout.rawValue)\(layoutNote)\n"
        if !missing.isEmpty { out += "  missing:    \(missing.joined(separator: " "))\n" }
        for v in varying {
            out +=
                "  varies:     \(v.column) (\(v.values.joined(separator: ", "))): map it, or filter one value, or "
                + "cells repeat\n"
        }
        if decimal != "." || grouping != nil {
            out +=
                "  numbers:    decimal '\(decimal)'" + (grouping.map { ", grouping '\($0)'" } ?? "")
                + (trim ? ", padded with spaces (trim)" : "") + "\n"
        }
        out += "  columns (\(columns.count), samples from the first \(dataRows) rows read):\n"
        for c in shownColumns {
            out +=
                "    \(shown(c.name).padding(toLength: max(24, shown(c.name).count), withPad: " ", startingAt: 0))  "
                + "\(c.samples.map { "'\($0)'" }.joined(separator: ", "))\n"
        }
        if columns.count > shownColumns.count {
            out += "    … \(columns.count - shownColumns.count) more period columns\n"
        }
        if header.last == "" {
            out += "  (the header ends with an empty column: a trailing delimiter; it is ignored)\n"
        }
        return out + "\nA source block for the pipeline file (check every ← before use):\n\n" + sourceBlock
    }

    var delimiterName: String { delimiter == "\t" ? "tab" : "'\(delimiter)'" }

    var layoutNote: String {
        switch layout {
        case .wide:
            return
                " (\(periodColumns.count) period columns: \(periodColumns.first ?? "") … \(periodColumns.last ?? ""))"
        case .eurostatTSV: return " (packed key '\(header.first ?? "")', value and flag cells)"
        case .sdmxCSV: return header.first == "STRUCTURE" ? " (SDMX-CSV 2.0)" : " (SDMX-CSV 1.0)"
        case .matrix: return " (row labels in '\(header[matrix.rowLabels])' match the column headers)"
        case .long: return " (one value per row)"
        }
    }

    /// Identifying columns in full, and only the first and last two period columns of a wide file.
    var shownColumns: [Column] {
        guard layout == .wide, periodColumns.count > 4 else { return columns }
        let keep = Set(periodColumns.prefix(2) + periodColumns.suffix(2))
        let periods = Set(periodColumns)
        return columns.filter { !periods.contains($0.name) || keep.contains($0.name) }
    }

    public var sourceBlock: String {
        // A matrix of countries by countries is bilateral: stocks (or flows, remittances), which
        // take a partner; population, the placeholder of other layouts, does not.
        let domain = layout == .matrix ? "stocks" : "population"
        var lines = [
            "  - name: \(sourceName)",
            "    domain: \(domain)        # ← what the file holds: inflows, outflows, stocks, remittances, gdp…",
            "    path: \(q(path))          # ← relative to the pipeline file",
        ]
        if encoding != .utf8 {
            let guessed = encodingNote.hasPrefix("NOT") ? "        # ← guessed: check accented names" : ""
            lines.append("    encoding: \(encoding.rawValue)\(guessed)")
        }
        var layoutKeys = ["kind: \(layout.rawValue)"]
        if headerLine > 1 { layoutKeys.append("header_row: \(headerLine)") }
        if !footer.isEmpty { layoutKeys.append("skip_footer: \(footer.count)") }
        if let periodPattern { layoutKeys.append("period_columns: \(q(periodPattern))") }
        if valueFlags { layoutKeys.append("value_flags: true") }
        if layout == .matrix {
            let totals = matrix.totals.isEmpty ? ["Total"] : matrix.totals
            layoutKeys += [
                "row_labels: \(q(header[matrix.rowLabels]))", "columns_name: COLUMN",
                "totals: [\(totals.map(q).joined(separator: ", "))]",
            ]
        }
        if layoutKeys.count > 1 || layout != .long {
            // A comment goes after the closing brace: inside it, it would hide the brace from YAML.
            let note = layout == .matrix ? "   # ← totals: the labels of total rows and columns" : ""
            lines.append("    layout: { \(layoutKeys.joined(separator: ", ")) }\(note)")
        }
        // An origin × destination matrix is often wanted both ways; the key is easy to miss.
        if layout == .matrix {
            lines.append(
                "    # ← both_sides: true in layout reads each cell both ways too (stocks, remittances…: "
                    + "IN for one side's countries, OUT for the other's)")
        }
        let tabDefault = layout == .eurostatTSV && delimiter == "\t"
        let readsHeader = layout == .sdmxCSV
        var dialect: [String] = []
        if delimiter != "," && !tabDefault && !readsHeader {
            dialect.append("delimiter: \(delimiter == "\t" ? "tab" : q(String(delimiter)))")
        }
        if decimal != "." { dialect.append("decimal: \(q(String(decimal)))") }
        if let grouping { dialect.append("grouping: \(q(String(grouping)))") }
        if trim { dialect.append("trim: true") }
        if !dialect.isEmpty { lines.append("    dialect: { \(dialect.joined(separator: ", ")) }") }
        var mapped = guesses.sorted { $0.key < $1.key }.map { "\($0.key): \(q($0.value))" }
        if layout == .matrix { mapped.append("partner: COLUMN") }
        lines.append(
            "    columns: { \(mapped.joined(separator: ", ")) }   # ← check; add sex, partner, … as the file has them")
        lines += matrixLines
        if !missing.isEmpty { lines.append("    missing: [\((["\"\""] + missing.map(q)).joined(separator: ", "))]") }
        if !varying.isEmpty {
            let pairs = varying.map { "\(q($0.column)): \(q($0.values[0]))" }.joined(separator: ", ")
            lines.append("    # filter: { \(pairs) }   # ← these columns vary: map each one or keep one value")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A matrix's residual columns summed into one "other" partner, and its label columns
    /// (a location code, notes) set aside, so that the block reads only the cells of countries.
    var matrixLines: [String] {
        guard layout == .matrix else { return [] }
        // A matrix holds one year and one direction, which its cells do not say: the year is
        // the one its title or file name gives (else a placeholder to answer).
        let year = matrixYear
        var out = [
            "    constants: { time_period: \"\(year ?? "2020")\", direction: IN }   # ← "
                + (year == nil ? "no year in the file: the year it is for; " : "the year of its title; ")
                + "IN: the row countries hold (host, receive) the column countries' people or money"
        ]
        if !matrix.residuals.isEmpty {
            let pairs = matrix.residuals.map { "\(q($0)): \($0.lowercased().hasPrefix("unknown") ? "_U" : "_O")" }
            out.append("    values: { partner: { \(pairs.joined(separator: ", ")) } }   # ← residual columns, summed")
        }
        if !matrix.extra.isEmpty {
            out.append(
                "    exclude: { COLUMN: [\(matrix.extra.map(q).joined(separator: ", "))] }   # ← not countries: "
                    + "label columns")
        }
        return out
    }

    /// A year (1950-2099) in the preamble lines or the file name: `… at mid-year 2020 …`.
    var matrixYear: String? {
        let text = (preamble + [(path as NSString).lastPathComponent]).joined(separator: " ")
        let regex = try! NSRegularExpression(pattern: #"(?<![0-9])(19[5-9][0-9]|20[0-9][0-9])(?![0-9])"#)
        let matches = regex.matches(in: text, range: NSRange(text.startIndex..., in: text))
        return matches.last.flatMap { Range($0.range, in: text).map { String(text[$0]) } }
    }

    var sourceName: String {
        let base = ((path as NSString).lastPathComponent as NSString).deletingPathExtension.lowercased()
        let name = String(
            base.map { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" ? $0 : "_" })
        return String(name.prefix(40))
    }

    /// A single-quoted YAML scalar: nothing is escaped inside but the quote itself. A name with
    /// a line break (a quoted header cell) is double-quoted with `\n` instead (a JSON string is a
    /// YAML double-quoted scalar): YAML folds a line break inside single quotes into a space, and
    /// the pipeline would then name another column.
    func q(_ s: String) -> String {
        guard s.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
            return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
        }
        return JSONValue.quote(s)
    }

    /// A column name as the listing prints it: a line break shown as ⏎, so the listing stays one line per column.
    func shown(_ name: String) -> String {
        name.replacingOccurrences(of: "\r\n", with: "⏎").replacingOccurrences(of: "\n", with: "⏎")
    }
}
