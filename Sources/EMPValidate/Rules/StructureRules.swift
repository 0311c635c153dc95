import EMPCore
import EMPRead

// Rules on the shape of a file: can it be read, and split into the records the pipeline maps?

public enum EmptyFile: ValidationRule {
    public static let id = Rule.emptyFile
    public static let checks = "a file with no header, or a header with no data rows (`skip_footer` lines are not data)"
    public static let fix =
        "check that the export wrote its rows; "
        + "`layout.header_row` and `layout.skip_footer` say where the table is"

    static func noRecords() -> RowProblem {
        problem(
            nil, nil, "the file is empty: no header, no rows",
            "check that the export wrote data; a file needs a header line")
    }

    static func noHeader(at row: Int, preamble: Int) -> RowProblem {
        problem(
            nil, nil,
            "no header at or after line \(row): the file has \(preamble) record(s) above it and none after",
            "check layout.header_row (the line of the header, counting from 1)")
    }

    static func noDataRows(footer: Int) -> RowProblem {
        guard footer > 0 else {
            return problem(
                nil, nil, "the file has a header but no data rows",
                "check that the export wrote its rows, not only the header line")
        }
        return problem(
            nil, nil,
            "the file has a header but no data rows: "
                + "the \(footer) record(s) after it are the skip_footer lines",
            "check layout.skip_footer (the number of note records after the data)")
    }
}

public enum FooterIsData: ValidationRule {
    public static let id = Rule.footerIsData
    public static let checks =
        "the last `skip_footer` records, which are skipped as notes, read as data rows (the file has no such footer)"
    public static let fix =
        "set `layout.skip_footer` to the number of note lines the file really ends with (0 when it has none)"

    static func problem(lines: [Int], skipFooter: Int) -> RowProblem {
        let at = lines.count == 1 ? "line \(lines[0])" : "lines \(lines.first!)-\(lines.last!)"
        return problem(
            nil, nil,
            "the \(skipFooter) record(s) skip_footer leaves out (\(at)) read as data rows, not notes: publishing "
                + "without them would drop real figures",
            "check layout.skip_footer: set it to the number of note lines at the end of the file, or remove it "
                + "when the file ends with its data")
    }
}

public enum MissingColumn: ValidationRule {
    public static let id = Rule.missingColumn
    public static let checks =
        "a column the pipeline names (in `columns`, `filter` or `exclude`) or the layout needs "
        + "(period columns, `row_labels`, the SDMX or Eurostat first column) that the header does not have: "
        + "it blocks the file"
    public static let fix = "fix the column name in the pipeline file: names must match the header exactly"

    /// A column of `columns`; `near` is a header name that differs only in case or spaces.
    static func mapped(_ column: String, field: String, header: [String], near: String?) -> RowProblem {
        let hint =
            near.map { "did you mean '\($0)'? column names must match exactly; fix columns.\(field)" }
            ?? "the header has: \(listing(header)); fix columns.\(field) in the pipeline file"
        return problem(column, nil, "the file has no column '\(column)' (mapped to \(field))", hint)
    }

    /// A column named by `filter` or `exclude` (`key`).
    static func selecting(_ column: String, key: String, header: [String]) -> RowProblem {
        problem(
            column, nil, "the file has no column '\(column)' (used by \(key))",
            "the header has: \(listing(header)); fix \(key).\(column) in the pipeline file")
    }

    static func rowLabels(_ wanted: String, header: [String]) -> RowProblem {
        problem(
            wanted, nil, "the file has no column '\(wanted)' (layout.row_labels)",
            "the header has: " + header.prefix(8).map { "'\($0)'" }.joined(separator: ", "))
    }

    static func notSDMX(first: String) -> RowProblem {
        problem(
            first, first,
            "an SDMX-CSV file starts with a DATAFLOW (1.0) or STRUCTURE (2.0) column, this one with '\(first)'",
            "check the export format; a plain long table is layout kind: long")
    }

    /// No period column in a wide file (`pattern`: its period_columns), or none after a Eurostat key.
    static func noPeriods(eurostat: Bool, pattern: String) -> RowProblem {
        let what =
            eurostat
            ? "no period columns after the first column"
            : "no column matches period_columns '\(pattern)'"
        return problem(
            nil, nil, "the header has \(what)",
            "set layout.period_columns to a regular expression for the period headers, e.g. '^pop(\\d{4})$'")
    }

    static func notEurostatKey(first: String) -> RowProblem {
        problem(
            first, String(first.prefix(60)),
            "the first header cell should name the packed dimensions and the time dimension, "
                + "e.g. 'unit,sex,geo\\TIME_PERIOD'",
            "check that this is a Eurostat TSV and that dialect.delimiter is tab")
    }

    static func listing(_ header: [String]) -> String { header.map { "'\($0)'" }.prefix(12).joined(separator: ", ") }
}

public enum DuplicateColumn: ValidationRule {
    public static let id = Rule.duplicateColumn
    public static let checks =
        "a column name given twice in the header "
        + "(an error when the pipeline maps it, else a warning)"
    public static let fix = "rename one of the columns"

    static func problem(_ name: String) -> RowProblem {
        problem(name, name, "the column '\(name)' appears more than once in the header", "rename one of the columns")
    }
}

public enum WrongDelimiter: ValidationRule {
    public static let id = Rule.wrongDelimiter
    public static let checks =
        "a header that is one column but holds another delimiter: "
        + "the file is not split with the declared one"
    public static let fix = "set `dialect.delimiter` for the source"

    /// `found` names the delimiter the header holds (`";"`, `tab`).
    static func problem(header: String, found: String, source: String) -> RowProblem {
        problem(
            nil, String(header.prefix(60)),
            "the header is one column, but it contains \(found): the file is not split with the declared delimiter",
            "set dialect.delimiter: \(found) for source \(source)")
    }

    /// What every row of the file is quarantined with.
    static let blocking = (rule: id, message: "the file does not use the declared delimiter")
}

public enum RaggedRow: ValidationRule {
    public static let id = Rule.raggedRow
    public static let checks =
        "a row with more or fewer fields than the header, "
        + "or a Eurostat key with the wrong number of parts"
    public static let fix = "check for a missing or extra delimiter; quote fields that contain the delimiter"

    /// A record of the table; `physical` for a line a layout reshapes (one line, several rows).
    static func fields(_ count: Int, header: Int, physical: Bool = false) -> RowProblem {
        problem(
            nil, String(count), "the \(physical ? "line" : "row") has \(count) fields, the header has \(header)",
            "check for a missing or extra delimiter; quote fields that contain the delimiter")
    }

    static func key(_ key: String, parts: Int, dimensions: [String]) -> RowProblem {
        problem(
            dimensions.joined(separator: ","), key,
            "the key '\(key)' has \(parts) parts, the header names \(dimensions.count)",
            "each key must give one code per dimension, separated by commas")
    }
}

public enum BadQuoting: ValidationRule {
    public static let id = Rule.badQuoting
    public static let checks =
        "a misplaced quote, or a quoted field never closed (only its line is set aside: the lines after it are read)"
    public static let fix = "a quote inside a field is doubled (`\"\"`) and the whole field quoted"

    static func header(_ p: CSVRecord.Problem) -> RowProblem {
        problem(nil, nil, "the header line has a misplaced quote: \(p)", "fix the quotes in the header line")
    }

    static func unclosed() -> RowProblem {
        problem(
            nil, nil,
            "a quote opened on this line is never closed; the row is set aside and the lines after it are read "
                + "as rows again",
            "close the quote; a quote inside a quoted field is written twice (\"\")")
    }

    /// `text` is the raw line; a space after the delimiter before a quote is the usual cause.
    static func misplaced(_ text: String, delimiter: UInt8, trimmed: Bool) -> RowProblem {
        let spaced = text.contains("\(Character(UnicodeScalar(delimiter))) \"") && !trimmed
        let hint =
            spaced
            ? "a space before an opening quote makes the quote data: "
                + "remove the spaces after the delimiter, or set dialect.trim: true"
            : "a quote inside a field must be doubled (\"\") and the whole field quoted"
        return problem(nil, String(text.prefix(120)), "misplaced quote in: \(text.prefix(120))", hint)
    }
}

public enum BadEncoding: ValidationRule {
    public static let id = Rule.badEncoding
    public static let checks =
        "bytes that are not text in the source's encoding (not UTF-8, or not defined by its "
        + "code page), or a UTF-16 byte-order mark in a file read as UTF-8"
    public static let fix = "declare the source's `encoding` (e.g. `windows-1252`), or re-save the file as UTF-8"

    /// The hint of a byte that is not UTF-8, in a cell or in the header.
    static let latin1 =
        "the file looks like Latin-1 or Windows-1252: "
        + "declare encoding: windows-1252 (or iso-8859-1, cp850) for the source, or re-save it as UTF-8"

    static func cell(_ column: String, _ e: UTF8Error) -> RowProblem {
        problem(column, nil, "byte 0x\(hex(e.byte)) at position \(e.offset + 1) is not valid UTF-8", latin1)
    }

    /// Header field `index` (0-based).
    static func header(_ index: Int, _ e: UTF8Error) -> RowProblem {
        problem("#\(index + 1)", nil, "header byte 0x\(hex(e.byte)) is not valid UTF-8", latin1)
    }

    static func byteOrderMark(_ bom: String) -> RowProblem {
        problem(
            nil, nil, "the file starts with a \(bom) byte-order mark; emp reads UTF-8",
            "declare encoding: utf-16 for this source, or re-save the file as UTF-8")
    }

    /// A header of UTF-16 text (NUL bytes between the letters) in a file read as UTF-8.
    static func utf16WithoutMark(_ order: String) -> RowProblem {
        problem(
            nil, nil,
            "the header has a NUL byte between its letters: the file is UTF-16 (\(order == "be" ? "big" : "little")-"
                + "endian) without a byte-order mark, read as UTF-8",
            "declare encoding: utf-16\(order) for this source, or re-save the file as UTF-8")
    }

    static func hex(_ byte: UInt8) -> String { String(byte, radix: 16, uppercase: true) }
}

public enum OversizedField: ValidationRule {
    public static let id = Rule.oversizedField
    public static let checks =
        "a field longer than `max_field_bytes` (default 65536) or a record longer than `max_record_bytes` "
        + "(default 1048576): the row is quarantined with the start of the field, the rest is never kept"
    public static let fix =
        "look for an unclosed quote, or a file that is not CSV; a file that really holds such fields needs "
        + "`max_field_bytes` / `max_record_bytes` raised for its source"

    /// A data row cut at a limit; `column` names the field that crossed it.
    static func problem(_ cut: Oversize, column: String) -> RowProblem {
        let start = String(decoding: cut.prefix, as: UTF8.self)
        let value = String(start.prefix(Echo.maxCharacters)) + "…"
        let (what, key) = cut.wholeRecord ? ("the record", "max_record_bytes") : ("the field", "max_field_bytes")
        let at = cut.wholeRecord ? " (at this field)" : ""
        return problem(
            column, value, "\(what) is longer than \(cut.limit) bytes (\(key))\(at); it starts '\(value)'",
            "look for an unclosed quote before it, or a file that is not CSV; if the file really holds "
                + "\(cut.wholeRecord ? "records" : "fields") this long, raise \(key) for the source")
    }

    /// The header itself was cut: no row can be mapped.
    static func header(_ cut: Oversize) -> RowProblem {
        let p = problem(cut, column: "#\(cut.field + 1)")
        return RowProblem(
            column: p.column, rule: id, value: p.value, message: "the header line: " + p.message, hint: p.hint)
    }
}

public enum UnreadableFile: ValidationRule {
    public static let id = Rule.unreadableFile
    public static let checks =
        "a source file that cannot be opened or read, that is not a regular file (a FIFO, a device, a file of "
        + "`/proc` or `/sys`), that is outside `allowed_roots` once its links are followed, or that changed "
        + "while it was read"
    public static let fix =
        "check the path in the pipeline file or `--source`; give a regular file, complete before the run starts"

    static func problem(_ error: Error) -> RowProblem {
        problem(nil, nil, "\(error)", hint(error))
    }

    static func hint(_ error: Error) -> String {
        guard case CSVReader.ReadError.refused(let failure) = error else {
            return "check the path in the pipeline file or --source"
        }
        switch failure {
        case .changed:
            return "the file was being written (or replaced in place) during the run: run again once it is complete; "
                + "deliveries are best written elsewhere and moved into place"
        case .notRegular, .kernelFile:
            return "point the source at a regular file: copy a pipe's or a device's output into a file first"
        case .outsideRoots:
            return "if the file is meant, add its folder to allowed_roots in the pipeline file (by default a "
                + "source is read only below the pipeline's folder, the folders its paths name and those of --source)"
        case .cannotOpen: return "check the path in the pipeline file or --source"
        }
    }
}
