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
    /// Bytes in any other encoding are transcoded to UTF-8, chunk by chunk, before parsing.
    public var encoding: TextEncoding

    public init(path: String, dialect: Dialect = .standard, encoding: TextEncoding = .utf8) {
        self.path = path
        self.dialect = dialect
        self.encoding = encoding
    }

    /// Calls `body` for every record in file order. Returns the file's size and hash.
    @discardableResult
    public func read(_ body: (CSVRecord) -> Void) throws -> Summary {
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
                do { data = try handle.read(upToCount: chunkSize) ?? Data() } catch {
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
            }
            let rest = transcoder.finish()
            if !rest.isEmpty { try state.feed(rest, path: path) }
            try state.finish(path: path)
            summary.sha256 = hasher.finalize().map { String(format: "%02x", $0) }.joined()
            return summary
        }
    }
}

/// The libcsv parser and the bookkeeping around it (line numbers, the record being built,
/// recovery after a quoting error). libcsv calls back through C function pointers with this
/// object as the context pointer.
final class ParserState {
    var parser = csv_parser()
    let dialect: Dialect
    let deliver: (CSVRecord) -> Void
    let options = UInt8(CSV_STRICT | CSV_REPALL_NL)

    var fields: [[UInt8]] = []
    var line = 1                 // physical line where the next record starts
    var recordStart = 1
    var lastTerminator: Int32 = 0
    var rawLine = 1              // line at the start of the current chunk, counted on raw bytes
    var skippingToNewline = false
    var lineTail: [UInt8] = []
    var pendingBad: (line: Int, fields: [[UInt8]], text: [UInt8])?

    init(dialect: Dialect, deliver: @escaping (CSVRecord) -> Void) {
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
                return csv_parse(&parser, buf.baseAddress! + start, buf.count - start, fieldCallback, recordCallback, ctx)
            }
            if start + consumed == bytes.count {
                rawLine += bytes[start...].lazy.filter { $0 == 0x0A }.count
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
        if let lastNL = bytes[..<errorAt].lastIndex(of: 0x0A) { text = Array(bytes[(lastNL + 1)..<errorAt]) } else {
            text = lineTail + bytes[..<errorAt]
        }
        let nl = bytes[errorAt...].firstIndex(of: 0x0A)
        text += bytes[errorAt..<(nl ?? bytes.count)]
        pendingBad = (fields.isEmpty ? line : recordStart, fields, text)
        fields.removeAll(keepingCapacity: true)
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

    private func deliverPendingBad() {
        guard var bad = pendingBad else { return }
        if bad.text.last == 0x0D { bad.text.removeLast() }
        deliver(CSVRecord(line: bad.line, fields: bad.fields, problem: .badQuoting(text: String(decoding: bad.text, as: UTF8.self))))
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
            deliver(CSVRecord(line: start, fields: fields, problem: .unterminatedQuote))
            fields.removeAll()
            return
        }
        if csv_fini(&parser, fieldCallback, recordCallback, ctx) != 0 {
            throw CSVReader.ReadError.parser(path, String(cString: csv_strerror(csv_error(&parser))))
        }
    }

    func field(_ bytes: UnsafeRawPointer?, _ count: Int) {
        if fields.isEmpty { recordStart = line }
        guard let bytes, count > 0 else { fields.append([]); return }
        let buf = UnsafeRawBufferPointer(start: bytes, count: count)
        var newlines = 0
        for b in buf where b == 0x0A { newlines += 1 }
        line += newlines
        fields.append(Array(buf))
    }

    func endRecord(_ terminator: Int32) {
        if fields.isEmpty {
            // An empty row: a blank line, or the LF of a CRLF that already ended a record.
            if !(terminator == 0x0A && lastTerminator == 0x0D) && terminator >= 0 { line += 1 }
            lastTerminator = terminator
            return
        }
        deliver(CSVRecord(line: recordStart, fields: fields))
        fields.removeAll(keepingCapacity: true)
        if terminator == 0x0A || terminator == 0x0D { line += 1 }
        lastTerminator = terminator
    }
}

private func fieldCallback(_ data: UnsafeMutableRawPointer?, _ count: Int, _ ctx: UnsafeMutableRawPointer?) {
    Unmanaged<ParserState>.fromOpaque(ctx!).takeUnretainedValue().field(data.map { UnsafeRawPointer($0) }, count)
}

private func recordCallback(_ terminator: Int32, _ ctx: UnsafeMutableRawPointer?) {
    Unmanaged<ParserState>.fromOpaque(ctx!).takeUnretainedValue().endRecord(terminator)
}
