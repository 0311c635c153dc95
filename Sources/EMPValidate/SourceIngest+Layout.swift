import EMPConfig
import EMPCore
import EMPRead
import Foundation

/// How a source's layout and encoding reach the reader and the ingest state.
extension SourceEncoding {
    /// The reader's decoder for a declared encoding.
    public var textEncoding: TextEncoding {
        switch self {
        case .utf8, .utf8sig: return .utf8  // a UTF-8 byte-order mark is always stripped
        case .utf16: return .utf16
        case .utf16le: return .utf16le
        case .utf16be: return .utf16be
        case .windows1252: return .windows1252
        case .iso88591: return .iso88591
        case .cp850: return .cp850
        }
    }
}

extension SourceIngest {
    var textEncoding: TextEncoding { (source.encoding ?? .utf8).textEncoding }

    /// The declared delimiter; else tab for Eurostat TSV, the header's own separator for
    /// SDMX-CSV (`DATAFLOW;…` in locales with decimal commas), else a comma.
    var layoutDelimiter: UInt8 {
        if let declared = source.dialect?.delimiter.flatMap(DialectConfig.byte) { return declared }
        switch source.layoutKind {
        case .eurostatTSV: return 0x09
        case .sdmxCSV: return SourceIngest.sdmxSeparator(path: path, roots: context.allowedRoots) ?? 0x2C
        default: return 0x2C
        }
    }

    /// The byte after the first header cell (`DATAFLOW` or `STRUCTURE`), read from the file's
    /// head; nil when it is not a file the reader would read (it then says why).
    static func sdmxSeparator(path: String, roots: [String]? = nil) -> UInt8? {
        guard let file = try? InputFile.open(path, roots: roots), var head = try? file.read(at: 0, count: 256) else {
            return nil
        }
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { head.removeFirst(3) }
        if head.first == 0x22 { head.removeFirst() }
        for name in ["DATAFLOW", "STRUCTURE"] where head.starts(with: Array(name.utf8)) {
            var i = name.utf8.count
            // STRUCTURE[;]
            if i < head.count && head[i] == 0x5B, let close = head[i...].firstIndex(of: 0x5D) { i = close + 1 }
            if i < head.count && head[i] == 0x22 { i += 1 }
            if i < head.count, [0x2C, 0x3B, 0x09, 0x7C].contains(head[i]) { return head[i] }
        }
        return nil
    }
}

extension SourceIngest.State {
    /// One output of the reshaping stage.
    mutating func shaped(_ row: ShapedRow, accept: (Observation) -> Void) {
        switch row {
        case .header(let line, let record, let problems):
            readHeader(record)
            layoutProblems(line, problems)
        case .row(let logical):
            record(logical.record, labels: logical.labels, areaTotal: logical.areaTotal, accept: accept)
        case .rejected(let line, let problem, let fields):
            report.rowsRead += 1
            if let blocking = headerResult?.blocking {
                reject(line, [.blocked(blocking)], fields, report: false)
            } else {
                reject(line, [problem], fields)
            }
        case .skipped(_, let reason):
            report.rowsRead += 1
            report.skip(reason)
        }
    }

    mutating func noHeader(_ framer: RecordFramer) {
        if let row = framer.headerRow, framer.preambleLines > 0 {
            sourceProblem(EmptyFile.noHeader(at: row, preamble: framer.preambleLines), line: nil)
        } else {
            sourceProblem(EmptyFile.noRecords(), line: nil)
        }
    }

    /// Problems only the layout can see in the header (no period column, not SDMX…): they
    /// block the file like a missing column does.
    mutating func layoutProblems(_ line: Int, _ problems: [RowProblem]) {
        // A header in another encoding has none of the layout's columns: the encoding is the problem.
        guard !problems.isEmpty, headerResult?.blocking?.rule != .badEncoding else { return }
        for p in problems { diagnose(line, p) }
        if headerResult?.blocking == nil, let first = problems.first {
            headerResult?.blocking = (first.rule, first.message)
            report.fail("\(first.rule.rawValue): \(first.message)")
        }
    }
}
