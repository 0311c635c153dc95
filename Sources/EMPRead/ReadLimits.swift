import CLibCSV

/// The largest field and record a reader keeps. A CSV field has no length of its own: a
/// runaway one (an unclosed quote, a binary file, a 1 GB line) would otherwise be held whole,
/// and a hostile file could take all the memory there is. Past a limit the reader keeps a
/// prefix, skips to the end of the record and delivers it with the problem `oversized`.
public struct ReadLimits: Sendable, Equatable {
    public var fieldBytes: Int
    public var recordBytes: Int

    public init(fieldBytes: Int = ReadLimits.defaultFieldBytes, recordBytes: Int = ReadLimits.defaultRecordBytes) {
        self.fieldBytes = fieldBytes
        self.recordBytes = recordBytes
    }

    /// 64 KiB and 1 MiB: the longest field of the real-world files emp reads is 121 bytes,
    /// the longest record 1,072 (a WDI line of 66 years).
    public static let defaultFieldBytes = 1 << 16
    public static let defaultRecordBytes = 1 << 20
    public static let standard = ReadLimits()
}

/// A record cut at a limit: which field crossed it (0-based), which limit, and how the field
/// began (at most `prefixBytes` of it).
public struct Oversize: Sendable, Equatable {
    public var field: Int
    /// True when the record as a whole crossed `recordBytes` (each field within its limit).
    public var wholeRecord: Bool
    public var limit: Int
    public var prefix: [UInt8]

    public static let prefixBytes = 256
}

/// The rest of a record too large to keep, skipped with just enough of CSV to find where it
/// ends: quotes (a line break inside them is data), delimiters and the line break that ends it.
struct RecordSkip {
    enum State { case fieldStart, unquoted, quoted, quoteInQuoted }
    var state: State

    /// Where libcsv was in the field it was building.
    init(quoted: Bool, mightHaveEnded: Bool) {
        state = quoted ? (mightHaveEnded ? .quoteInQuoted : .quoted) : .unquoted
    }

    /// The index just past the line break that ends the record, or nil when `bytes` ends first.
    mutating func scan(_ bytes: [UInt8], from start: Int, quote: UInt8, delimiter: UInt8) -> Int? {
        var i = start
        while i < bytes.count {
            let b = bytes[i]
            i += 1
            switch state {
            case .quoted: if b == quote { state = .quoteInQuoted }
            case .fieldStart, .unquoted, .quoteInQuoted:
                if b == 0x0A { return i }
                if b == delimiter {
                    state = .fieldStart
                } else if b == quote && quote != 0 && state != .unquoted {
                    state = .quoted  // opens a field, or a doubled quote inside one
                } else {
                    state = .unquoted
                }
            }
        }
        return nil
    }
}

extension ParserState {
    /// A field (or the record so far) crossed a limit: the record is cut here, its fields up
    /// to this one kept, this one as a prefix, the rest dropped until the record ends.
    func cut(field bytes: UnsafeRawPointer, _ count: Int, wholeRecord: Bool) {
        let prefix = UnsafeRawBufferPointer(start: bytes, count: min(count, Oversize.prefixBytes))
        oversize = Oversize(
            field: fields.count, wholeRecord: wholeRecord,
            limit: wholeRecord ? limits.recordBytes : limits.fieldBytes, prefix: Array(prefix))
    }

    /// After a chunk: a field still being built that is already past a limit. Past the
    /// record's, the record is cut and libcsv goes on (the fields it still hands are dropped);
    /// past the field's, libcsv's buffer is let go too (the parser restarts) and the record's
    /// end is found by `RecordSkip`.
    func checkOpenField() {
        guard parser.pstate >= 2, let buffer = parser.entry_buf else { return }
        let open = parser.entry_pos
        let overField = open > limits.fieldBytes
        guard overField || (oversize == nil && fields.byteCount + open > limits.recordBytes) else { return }
        if oversize == nil {
            if fields.isEmpty { recordStart = line }
            cut(field: UnsafeRawPointer(buffer), open, wholeRecord: !overField)
        }
        guard overField else { return }
        skip = RecordSkip(quoted: parser.quoted != 0, mightHaveEnded: parser.pstate == 3)
        restart()
    }

    /// Skips the rest of a cut record in `bytes` from `start`; the index where parsing goes
    /// on, or nil when the record goes on past this chunk.
    func skipRest(_ bytes: [UInt8], from start: Int) -> Int? {
        guard let end = skip?.scan(bytes, from: start, quote: dialect.quote, delimiter: dialect.delimiter) else {
            rawLine += ParserState.newlines(bytes, from: start)
            return nil
        }
        rawLine += ParserState.newlines(bytes, from: start, to: end)
        skip = nil
        deliverCut()
        line = rawLine
        return end
    }

    /// The cut record, with the fields before the one that crossed the limit and its prefix.
    func deliverCut() {
        guard let cut = oversize else { return }
        cut.prefix.withUnsafeBytes { fields.append($0.baseAddress, $0.count) }
        fields.withRecord(line: recordStart, problem: .oversized(cut), deliver)
        fields.removeAll()
        oversize = nil
        lastTerminator = 0x0A
    }
}
