import CLibCSV
import Crypto
import Foundation

/// Streams a CSV file through libcsv: a fixed-size buffer is read at a time, records are
/// handed out one by one, and nothing is kept per record once it is delivered.
public final class CSVReader {
    public struct Summary: Sendable {
        public var bytes: Int
        public var sha256: String
        public var hadBOM: Bool
        /// UTF-16 or UTF-32 byte-order mark: the file is not UTF-8 at all.
        public var foreignBOM: String?
    }

    public enum ReadError: Error, CustomStringConvertible {
        case cannotOpen(String, String)
        case parser(String, String)
        case noByteOrderMark(String)
        public var description: String {
            switch self {
            case .noByteOrderMark(let path):
                return "\(path): declared utf-16 but the file has no byte-order mark; declare utf-16le or utf-16be"

            case .cannotOpen(let path, let why): return "\(path): cannot open: \(why)"
            case .parser(let path, let why): return "\(path): CSV parser failed: \(why)"
            }
        }
    }

    public let path: String
    public let dialect: Dialect
    public var chunkSize = 1 << 16
    /// Where to stop parsing when another thread reads the rest (see `CSVSplit`); may be set
    /// while reading, e.g. once the header is known. UTF-8 files only.
    public var split: CSVSplit?
    /// Bytes in any other encoding are transcoded to UTF-8, chunk by chunk, before parsing.
    public var encoding: TextEncoding

    /// Called after each chunk with the bytes read so far and the line the parser is on (a
    /// progress display).
    public var onChunk: ((_ bytes: Int, _ line: Int) -> Void)?

    public init(path: String, dialect: Dialect = .standard, encoding: TextEncoding = .utf8) {
        self.path = path
        self.dialect = dialect
        self.encoding = encoding
    }

    /// Calls `body` for every record in file order. Returns the file's size and hash.
    @discardableResult
    public func read(_ body: (CSVRecord) -> Void) throws -> Summary {
        try readRaw { body($0.materialize()) }
    }

    /// Like `read`, but hands out each record as a view on the reader's own buffers: no
    /// allocation per field. The view is valid only during the call.
    @discardableResult
    public func readRaw(_ body: (RawRecord) -> Void) throws -> Summary {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let why = FileManager.default.fileExists(atPath: path) ? "permission denied or not a file" : "no such file"
            throw ReadError.cannotOpen(path, why)
        }
        defer { try? handle.close() }
        return try withoutActuallyEscaping(body) { body in
            let state = ParserState(dialect: dialect, deliver: body)
            defer { state.free() }
            var hasher = SHA256()
            var summary = Summary(bytes: 0, sha256: "", hadBOM: false, foreignBOM: nil)
            var first = true
            var transcoder = Transcoder(encoding: encoding)
            while true {
                let data: Data
                let want =
                    split.map { $0.offset > summary.bytes ? min(chunkSize, $0.offset - summary.bytes) : chunkSize }
                    ?? chunkSize
                do { data = try handle.read(upToCount: want) ?? Data() } catch {
                    throw ReadError.cannotOpen(path, "\(error)")
                }
                if data.isEmpty { break }
                hasher.update(data: data)
                summary.bytes += data.count
                var bytes = [UInt8](data)
                if encoding != .utf8 {
                    do { bytes = try transcoder.transcode(bytes) } catch { throw ReadError.noByteOrderMark(path) }
                }
                if first && !bytes.isEmpty {
                    first = false
                    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
                        summary.hadBOM = true
                        bytes.removeFirst(3)
                    } else if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
                        summary.foreignBOM = "UTF-16"
                        break
                    }
                }
                try state.feed(bytes, path: path)
                onChunk?(summary.bytes, state.line)
                if let s = split, summary.bytes == s.offset {
                    if s.handOver(state.atRecordBoundary, state.line) {
                        try hashRest(handle, &hasher, &summary)
                        summary.sha256 = hasher.finalize().map { String(format: "%02x", $0) }.joined()
                        return summary
                    }
                    split = nil
                }
            }
            let rest = transcoder.finish()
            if !rest.isEmpty { try state.feed(rest, path: path) }
            try state.finish(path: path)
            summary.sha256 = hasher.finalize().map { String(format: "%02x", $0) }.joined()
            return summary
        }
    }
}

extension CSVReader {
    /// The rest of a file that another thread parsed: read only for the hash and size.
    func hashRest(_ handle: FileHandle, _ hasher: inout SHA256, _ summary: inout Summary) throws {
        while true {
            let data: Data
            do { data = try handle.read(upToCount: 1 << 20) ?? Data() } catch {
                throw ReadError.cannotOpen(path, "\(error)")
            }
            if data.isEmpty { return }
            hasher.update(data: data)
            summary.bytes += data.count
        }
    }
}

/// The libcsv parser and the bookkeeping around it (line numbers, the record being built,
/// recovery after a quoting error). libcsv calls back through C function pointers with this
/// object as the context pointer.
final class ParserState {
    var parser = csv_parser()
    let dialect: Dialect
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

    init(dialect: Dialect, deliver: @escaping (RawRecord) -> Void) {
        self.dialect = dialect
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

    /// True between records: no field begun, no quote open, no bad line being skipped.
    var atRecordBoundary: Bool { parser.pstate == 0 && fields.isEmpty && !skippingToNewline && pendingBad == nil }

    deinit { fields.deallocate() }

    func feed(_ bytes: [UInt8], path: String) throws {
        defer { rememberLineTail(bytes) }
        var start = 0
        if skippingToNewline {
            guard let nl = bytes.firstIndex(of: 0x0A) else { pendingBad?.text += bytes; return }
            pendingBad?.text += bytes[..<nl]
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
        pendingBad = (fields.isEmpty ? line : recordStart, fields.arrays(), text)
        fields.removeAll()
        lastTerminator = 0
        csv_free(&parser)
        setUp()
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

    /// Line breaks in a chunk. This runs over every byte of a file, so eight bytes at a time:
    /// a byte of `w ^ 0x0A…` is zero exactly where `w` has a line break.
    static func newlines(_ bytes: [UInt8], from start: Int) -> Int {
        bytes.withUnsafeBytes { raw in
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
        // Non-strict-fini libcsv would submit an open quoted field as if it were complete.
        let openQuote = parser.pstate == 2 && parser.quoted != 0
        let ctx = Unmanaged.passUnretained(self).toOpaque()
        if openQuote {
            let start = fields.isEmpty ? line : recordStart
            csv_fini(&parser, fieldCallback, nil, ctx)
            fields.withRecord(line: start, problem: .unterminatedQuote, deliver)
            fields.removeAll()
            return
        }
        if csv_fini(&parser, fieldCallback, recordCallback, ctx) != 0 {
            throw CSVReader.ReadError.parser(path, String(cString: csv_strerror(csv_error(&parser))))
        }
    }

    func field(_ bytes: UnsafeRawPointer?, _ count: Int) {
        if fields.isEmpty { recordStart = line }
        guard let bytes, count > 0 else { fields.append(nil, 0); return }
        if ParserState.hasNewline(bytes, count) {  // a quoted line break: count it as a line
            var newlines = 0
            for b in UnsafeRawBufferPointer(start: bytes, count: count) where b == 0x0A { newlines += 1 }
            line += newlines
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
