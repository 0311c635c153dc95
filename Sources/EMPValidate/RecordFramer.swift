import EMPConfig
import EMPRead

/// Finds the table inside a file: lines above `header_row` are preamble, the last
/// `skip_footer` records are notes. Neither is a row: they are not counted. The footer is
/// held back in a ring of `skip_footer` records, so memory stays flat.
struct RecordFramer {
    let headerRow: Int?
    let footer: Int
    private var ring: [CSVRecord] = []
    private var next = 0
    private(set) var headerSeen = false
    private(set) var preambleLines = 0

    enum Framed {
        case header(CSVRecord)
        case data(CSVRecord)
    }

    init(layout: LayoutConfig?) {
        headerRow = layout?.header_row
        footer = max(layout?.skip_footer ?? 0, 0)
    }

    mutating func feed(_ record: CSVRecord, _ out: (Framed) -> Void) {
        if !headerSeen {
            if let headerRow, record.line < headerRow { preambleLines += 1; return }
            headerSeen = true
            out(.header(record))
            return
        }
        guard footer > 0 else { out(.data(record)); return }
        if ring.count < footer { ring.append(record); return }
        out(.data(ring[next]))
        ring[next] = record
        next = (next + 1) % footer
    }

    /// The records held back are the footer; they are dropped.
    var footerLines: [Int] { footerRecords.map(\.line) }
    var footerRecords: [CSVRecord] { Array(ring[next...] + ring[..<next]) }

    /// `header on line 5; 4 preamble records skipped; footer lines 5330-5334 skipped`, or nil
    /// when the table is the whole file.
    var note: String? {
        var parts: [String] = []
        if let headerRow, headerSeen {
            parts.append("header at line \(headerRow); \(preambleLines) preamble record(s) above it skipped")
        }
        let lines = footerLines
        if let first = lines.first, let last = lines.last {
            parts.append("footer: \(lines.count) record(s) skipped (lines \(first)-\(last))")
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}
