import CLibCSV
import Foundation

/// The libcsv parser and the bookkeeping around it (line numbers, the record being built,
/// recovery after a quoting error). libcsv calls back through C function pointers with this
/// object as the context pointer.
final class ParserState {
    var parser = csv_parser()
    let dialect: Dialect
    let limits: ReadLimits
    let deliver: (RawRecord) -> Void
    let options = UInt8(CSV_STRICT | CSV_REPALL_NL)

    /// The record being built: all field bytes back to back, and where each field ends.
    var fields = FieldBuffer()
    var line = 1  // physical line where the next record starts
    var recordStart = 1
    var lastTerminator: Int32 = 0
    var rawLine = 1  // line at the start of the current chunk, counted on raw bytes
    var skippingToNewline = false
    var lineTail: [UInt8] = []
    var pendingBad: (line: Int, fields: [[UInt8]], text: [UInt8])?
    /// The record being cut at a limit (see `ReadLimits`), and the skip to its end once
    /// libcsv no longer holds it.
    var oversize: Oversize?
    var skip: RecordSkip?
    /// Set by `finish` when a quote opened on a line is never closed: the line the reader
    /// reads the file again from (the one after it), so the rows it swallowed are rows again.
    var resumeLine: Int?

    init(dialect: Dialect, limits: ReadLimits = .standard, deliver: @escaping (RawRecord) -> Void) {
        self.dialect = dialect
        self.limits = limits
        self.deliver = deliver
        setUp()
    }

    private func setUp() {
        csv_init(&parser, options)
        csv_set_delim(&parser, dialect.delimiter)
        csv_set_quote(&parser, dialect.quote)
        if !dialect.trim {
            csv_set_space_func(&parser) { _ in 0 }
        }
    }

    func free() { csv_free(&parser) }

    /// A fresh parser for the rest of the file from `line` on (after a quote never closed).
    func resume(at line: Int) {
        restart()
        fields.removeAll()
        (self.line, recordStart, rawLine, resumeLine) = (line, line, line, nil)
        (skippingToNewline, pendingBad, oversize, skip, lineTail) = (false, nil, nil, nil, [])
    }

    /// A fresh parser after a record it could not finish (a bad quote, a cut record); the
    /// fields of that record so far stay for its caller.
    func restart() {
        lastTerminator = 0
        csv_free(&parser)
        setUp()
    }

    /// True between records: no field begun, no quote open, no bad line being skipped.
    var atRecordBoundary: Bool {
        parser.pstate == 0 && fields.isEmpty && !skippingToNewline && pendingBad == nil && oversize == nil
    }

    deinit { fields.deallocate() }

    func feed(_ bytes: [UInt8], path: String) throws {
        defer { rememberLineTail(bytes) }
        var start = 0
        if skip != nil {
            guard let end = skipRest(bytes, from: 0) else { return }
            start = end
        }
        if skippingToNewline {
            guard let nl = bytes.firstIndex(of: 0x0A) else { keepBadText(bytes[...]); return }
            keepBadText(bytes[..<nl])
            deliverPendingBad()
            start = nl + 1
            rawLine += 1
            line = rawLine
        }
        while start < bytes.count {
            let consumed = bytes.withUnsafeBufferPointer { buf -> Int in
                let ctx = Unmanaged.passUnretained(self).toOpaque()
                return csv_parse(
                    &parser, buf.baseAddress! + start, buf.count - start, fieldCallback, recordCallback, ctx)
            }
            if start + consumed == bytes.count {
                rawLine += ParserState.newlines(bytes, from: start)
                checkOpenField()
                return
            }
            let status = csv_error(&parser)
            guard status == CSV_EPARSE else {
                throw CSVReader.ReadError.parser(path, String(cString: csv_strerror(status)))
            }
            start = recover(bytes, chunkStart: start, errorAt: start + consumed)
        }
    }

    /// The bytes of the current physical line that came in earlier chunks, so a bad line's
    /// text can be reported whole (capped: a runaway line is not kept in memory).
    private func rememberLineTail(_ bytes: [UInt8]) {
        if let nl = bytes.lastIndex(of: 0x0A) { lineTail = Array(bytes[(nl + 1)...]) } else { lineTail += bytes }
        if lineTail.count > 4096 { lineTail.removeFirst(lineTail.count - 4096) }
    }

    /// A quoting error: report the record, drop the rest of its physical line and restart
    /// the parser after it, so one bad quote costs one row, not the rest of the file.
    private func recover(_ bytes: [UInt8], chunkStart: Int, errorAt: Int) -> Int {
        let errorLine = rawLine + bytes[chunkStart..<errorAt].lazy.filter { $0 == 0x0A }.count
        var text: [UInt8]
        if let lastNL = bytes[..<errorAt].lastIndex(of: 0x0A) {
            text = Array(bytes[(lastNL + 1)..<errorAt])
        } else {
            text = lineTail + bytes[..<errorAt]
        }
        let nl = bytes[errorAt...].firstIndex(of: 0x0A)
        text += bytes[errorAt..<(nl ?? bytes.count)]
        pendingBad = (fields.isEmpty ? line : recordStart, fields.arrays(), Array(text.prefix(ParserState.textCap)))
        oversize = nil
        fields.removeAll()
        restart()
        rawLine = errorLine
        guard let nl else {
            skippingToNewline = true
            return bytes.count
        }
        deliverPendingBad()
        rawLine += 1
        line = rawLine
        return nl + 1
    }

    /// The text of a bad line is kept for its report, up to `textCap` bytes (a bad quote on a
    /// line of a gigabyte must not keep the gigabyte).
    static let textCap = 4096

    func keepBadText(_ bytes: ArraySlice<UInt8>) {
        guard let kept = pendingBad?.text.count, kept < ParserState.textCap else { return }
        pendingBad?.text += bytes.prefix(ParserState.textCap - kept)
    }

    /// Line breaks in a chunk. This runs over every byte of a file, so eight bytes at a time:
    /// a byte of `w ^ 0x0A…` is zero exactly where `w` has a line break.
    static func newlines(_ bytes: [UInt8], from start: Int, to end: Int? = nil) -> Int {
        bytes.withUnsafeBytes { whole in
            let raw = UnsafeRawBufferPointer(rebasing: whole[..<(end ?? whole.count)])
            var n = 0, i = start
            let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
            while i + 8 <= raw.count {
                let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A
                let nonZero = (((x & low) &+ low) | x) & ~low
                n += 8 - nonZero.nonzeroBitCount
                i += 8
            }
            while i < raw.count { n += raw[i] == 0x0A ? 1 : 0; i += 1 }
            return n
        }
    }

    private func deliverPendingBad() {
        guard var bad = pendingBad else { return }
        if bad.text.last == 0x0D { bad.text.removeLast() }
        let buffer = FieldBuffer(bad.fields)
        buffer.withRecord(
            line: bad.line, problem: .badQuoting(text: String(decoding: bad.text, as: UTF8.self)), deliver)
        buffer.deallocate()
        pendingBad = nil
        skippingToNewline = false
    }

    func finish(path: String) throws {
        if skippingToNewline { deliverPendingBad(); return }
        if let cut = skip {
            skip = nil
            // A record cut at a limit that runs to the end of the file inside a quote: the
            // quote was never closed (not a long field), and the lines after its own are read again.
            guard cut.state == .quoted, rawLine > recordStart, let open = oversize else {
                deliverCut()
                return
            }
            open.prefix.withUnsafeBytes { fields.append($0.baseAddress, $0.count) }
            fields.cutLastFieldAtLineFeed()
            fields.withRecord(line: recordStart, problem: .unterminatedQuote, deliver)
            fields.removeAll()
            oversize = nil
            resumeLine = recordStart + 1
            return
        }
        // Non-strict-fini libcsv would submit an open quoted field as if it were complete.
        let openQuote = parser.pstate == 2 && parser.quoted != 0
        let ctx = Unmanaged.passUnretained(self).toOpaque()
        if openQuote {
            let start = fields.isEmpty ? line : recordStart
            csv_fini(&parser, fieldCallback, nil, ctx)
            // The stray quote swallowed the lines after its own: they are read again as records.
            if line > start {
                resumeLine = start + 1
                fields.cutLastFieldAtLineFeed()
            }
            fields.withRecord(line: start, problem: .unterminatedQuote, deliver)
            fields.removeAll()
            return
        }
        if csv_fini(&parser, fieldCallback, recordCallback, ctx) != 0 {
            throw CSVReader.ReadError.parser(path, String(cString: csv_strerror(csv_error(&parser))))
        }
    }

    func field(_ bytes: UnsafeRawPointer?, _ count: Int) {
        if fields.isEmpty && oversize == nil { recordStart = line }
        guard let bytes, count > 0 else {
            if oversize == nil { fields.append(nil, 0) }
            return
        }
        if ParserState.hasNewline(bytes, count) {  // a quoted line break: count it as a line
            var newlines = 0
            for b in UnsafeRawBufferPointer(start: bytes, count: count) where b == 0x0A { newlines += 1 }
            line += newlines
        }
        // Past a limit the record is cut: the fields after the one that crossed it are dropped.
        if oversize != nil { return }
        if count > limits.fieldBytes || fields.byteCount + count > limits.recordBytes {
            cut(field: bytes, count, wholeRecord: count <= limits.fieldBytes)
            return
        }
        fields.append(bytes, count)
    }

    @inline(__always)
    static func hasNewline(_ p: UnsafeRawPointer, _ count: Int) -> Bool {
        if count > 32 { return memchr(p, 0x0A, count) != nil }
        let b = p.assumingMemoryBound(to: UInt8.self)
        for i in 0..<count where b[i] == 0x0A { return true }
        return false
    }

    func endRecord(_ terminator: Int32) {
        if oversize != nil {
            deliverCut()
            if terminator == 0x0A || terminator == 0x0D { line += 1 }
            lastTerminator = terminator
            return
        }
        if fields.isEmpty {
            // An empty row: a blank line, or the LF of a CRLF that already ended a record.
            if !(terminator == 0x0A && lastTerminator == 0x0D) && terminator >= 0 { line += 1 }
            lastTerminator = terminator
            return
        }
        fields.withRecord(line: recordStart, problem: nil, deliver)
        fields.removeAll()
        if terminator == 0x0A || terminator == 0x0D { line += 1 }
        lastTerminator = terminator
    }
}

// The parser state outlives every callback (it owns the parser), so the callbacks borrow it
// without retaining: they run once per field and once per record.
private func fieldCallback(_ data: UnsafeMutableRawPointer?, _ count: Int, _ ctx: UnsafeMutableRawPointer?) {
    Unmanaged<ParserState>.fromOpaque(ctx!)._withUnsafeGuaranteedRef {
        $0.field(data.map { UnsafeRawPointer($0) }, count)
    }
}

private func recordCallback(_ terminator: Int32, _ ctx: UnsafeMutableRawPointer?) {
    Unmanaged<ParserState>.fromOpaque(ctx!)._withUnsafeGuaranteedRef { $0.endRecord(terminator) }
}
