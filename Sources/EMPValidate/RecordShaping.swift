import EMPConfig
import EMPCore
import EMPRead

/// The reshaping stage between the CSV reader and the row mapper: finds the table in the
/// file (preamble, header, footer), reshapes each physical record into logical long records
/// for the source's layout, and skips rows that are filtered out or aggregates.
///
/// What a row is: one logical record. In a long file that is one line; in a wide, TSV or
/// matrix file it is one cell (a line of 60 years gives 60 rows), so a bad cell quarantines
/// that cell alone and rows read = accepted + quarantined + filtered holds cell by cell. A line
/// that cannot be split into cells (ragged) is one quarantined row. Preamble and footer lines
/// are outside the table and are not rows; a line of only delimiters inside it is a filtered row.
struct RecordShaping {
    let source: SourceConfig
    let codes: CodeNormalizer
    var framer: RecordFramer
    var shaper: LayoutShaper
    var filter: RowFilter?
    /// Only a source with a layout treats lines of only delimiters as blank.
    let skipsBlank: Bool
    /// A plain long file with nothing to filter: records go straight to the mapper (the
    /// microdata path reads millions of rows).
    var direct = false
    /// Fields in the file's own header line (before reshaping); -1 until it is read.
    private(set) var physicalWidth = -1
    /// Fields of the reshaped header: a row of another width is ragged, which the ingest
    /// reports, never filtered as an aggregate by what its misplaced cells happen to hold.
    private(set) var logicalWidth = -1

    init(source: SourceConfig, codes: CodeNormalizer) {
        self.source = source
        self.codes = codes
        framer = RecordFramer(layout: source.layout)
        skipsBlank = source.layout != nil
        switch source.layoutKind {
        case .long: shaper = LongShaper()
        case .sdmxCSV: shaper = SDMXShaper()
        case .wide, .eurostatTSV: shaper = WideShaper(layout: source.layout!)
        case .matrix: shaper = MatrixShaper(layout: source.layout!, source: source)
        }
    }

    mutating func feed(_ record: CSVRecord, _ out: (ShapedRow) -> Void) {
        if direct { out(.row(LogicalRecord(record))); return }
        var framed: RecordFramer.Framed?
        framer.feed(record) { framed = $0 }
        switch framed {
        case nil: return
        case .header(let physical):
            physicalWidth = physical.fields.count
            let (logical, problems) = shaper.header(physical)
            logicalWidth = logical.fields.count
            let names = logical.fields.map { String(decoding: $0, as: UTF8.self) }
            let f = RowFilter(source: source, header: names, codes: codes)
            filter = f.isEmpty ? nil : f
            direct = source.layout == nil && filter == nil
            out(.header(line: physical.line, record: logical, problems: problems))
        case .data(let physical):
            if skipsBlank && physical.problem == nil && physical.isBlank {
                out(.skipped(line: physical.line, reason: "blank line: only delimiters, no data"))
                return
            }
            shaper.rows(physical) { shaped in
                if case .row(let r) = shaped, r.record.fields.count == logicalWidth,
                    let reason = filter?.reason(r.record)
                {
                    out(.skipped(line: r.line, reason: reason))
                } else {
                    out(shaped)
                }
            }
        }
    }
}
