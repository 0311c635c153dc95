import CLibCSV
import Crypto
import EMPCore
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
        /// Not read: not a regular file, or it changed while it was read (see `InputFile`).
        case refused(InputFile.Failure)
        /// `shouldStop` asked the read to end (a signal): the records so far are not all.
        case stopped(String)
        public var description: String {
            switch self {
            case .noByteOrderMark(let path):
                return "\(path): declared utf-16 but the file has no byte-order mark; declare utf-16le or utf-16be"

            case .cannotOpen(let path, let why): return "\(path): cannot open: \(why)"
            case .parser(let path, let why): return "\(path): CSV parser failed: \(why)"
            case .refused(let failure): return failure.description
            case .stopped(let path): return "\(path): reading stopped by a signal"
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
    /// The largest field and record the reader keeps; a larger one is delivered cut, as a
    /// record with the problem `oversized` (memory stays bounded whatever the file holds).
    public var limits = ReadLimits.standard
    /// Asked before each chunk: true ends the read with `ReadError.stopped` (SIGTERM, SIGINT).
    public var shouldStop: (() -> Bool)?
    /// The folders (real paths) the file may be in once its links are followed; nil: any.
    public var roots: [String]?
    /// The file being read, during `readRaw`: a reader of the file's tail shares it.
    public private(set) var file: InputFile?

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
        let file = try CSVReader.open(path, roots: roots)
        self.file = file
        defer { self.file = nil }
        return try withoutActuallyEscaping(body) { body in
            let state = ParserState(dialect: dialect, limits: limits, deliver: body)
            defer { state.free() }
            var hasher = SHA256()
            var summary = Summary(bytes: 0, sha256: "", hadBOM: false, foreignBOM: nil)
            var first = true
            var transcoder = Transcoder(encoding: encoding)
            while true {
                if shouldStop?() == true { throw ReadError.stopped(path) }
                let want =
                    split.map { $0.offset > summary.bytes ? min(chunkSize, $0.offset - summary.bytes) : chunkSize }
                    ?? chunkSize
                var bytes = try CSVReader.read(file, at: summary.bytes, count: want)
                if bytes.isEmpty { break }
                hasher.update(data: bytes)
                summary.bytes += bytes.count
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
                        summary.sha256 = CSVReader.hex(hasher)
                        return summary  // the source fails on it: the rest is never read
                    }
                }
                try state.feed(bytes, path: path)
                onChunk?(summary.bytes, state.line)
                if let s = split, summary.bytes == s.offset {
                    if s.handOver(state.atRecordBoundary, state.line) {
                        try hashRest(file, &hasher, &summary)
                        return try finished(file, hasher, summary)
                    }
                    split = nil
                }
            }
            let rest = transcoder.finish()
            if !rest.isEmpty { try state.feed(rest, path: path) }
            try state.finish(path: path)
            try readAgain(after: state, file, total: summary.bytes)
            return try finished(file, hasher, summary)
        }
    }

    /// A quote never closed swallows the rest of the file into one field: the lines after the
    /// one it opened on are parsed again, from their bytes (hashed once already), so one stray
    /// quote costs one quarantined row, not the rest of the file. UTF-8 files only: a line's
    /// offset is found by counting raw line feeds, which a transcoded file does not allow.
    func readAgain(after state: ParserState, _ file: InputFile, total: Int) throws {
        // Each pass reads the rest of the file again: bounded, so a file of unclosed quotes line
        // after line cannot make the read quadratic (past the bound the rest stays one bad record).
        var passes = 0
        while let line = state.resumeLine, encoding == .utf8, passes < CSVReader.maxRereads {
            passes += 1
            guard let offset = try CSVReader.offset(ofLine: line, in: file, total: total) else {
                state.resumeLine = nil
                return
            }
            state.resume(at: line)
            var at = offset
            while at < total {
                if shouldStop?() == true { throw ReadError.stopped(path) }
                let bytes = try CSVReader.read(file, at: at, count: min(chunkSize, total - at))
                if bytes.isEmpty { break }
                at += bytes.count
                try state.feed(bytes, path: path)
            }
            try state.finish(path: path)
        }
        state.resumeLine = nil
    }

    /// How many quotes never closed a file may have its rest read again for.
    static let maxRereads = 64

    /// The byte offset where physical line `line` (1-based) starts; nil past the end.
    static func offset(ofLine line: Int, in file: InputFile, total: Int) throws -> Int? {
        var seen = 1, at = 0
        while at < total {
            let bytes = try read(file, at: at, count: min(1 << 20, total - at))
            if bytes.isEmpty { return nil }
            for (i, b) in bytes.enumerated() where b == 0x0A {
                seen += 1
                if seen == line { return at + i + 1 < total ? at + i + 1 : nil }
            }
            at += bytes.count
        }
        return nil
    }

    /// The summary of a file read to its end, once it is known to be the file that was opened:
    /// a file written to while it was read is refused, so the hash is of the bytes parsed.
    func finished(_ file: InputFile, _ hasher: SHA256, _ summary: Summary) throws -> Summary {
        do { try file.checkUnchanged(bytesRead: summary.bytes) } catch let f as InputFile.Failure {
            throw ReadError.refused(f)
        }
        var summary = summary
        summary.sha256 = CSVReader.hex(hasher)
        return summary
    }

    static func hex(_ hasher: SHA256) -> String { hasher.finalize().map { String(format: "%02x", $0) }.joined() }

    /// The file, if it is one emp reads (`InputFile`); else why not, as a read error.
    static func open(_ path: String, roots: [String]?) throws -> InputFile {
        do { return try InputFile.open(path, roots: roots) } catch let f as InputFile.Failure {
            if case .cannotOpen(_, let why) = f { throw ReadError.cannotOpen(path, why) }
            throw ReadError.refused(f)
        }
    }

    static func read(_ file: InputFile, at offset: Int, count: Int) throws -> [UInt8] {
        do { return try file.read(at: offset, count: count) } catch let f as InputFile.Failure {
            if case .cannotOpen(let path, let why) = f { throw ReadError.cannotOpen(path, why) }
            throw ReadError.refused(f)
        }
    }
}

extension CSVReader {
    /// The rest of a file that another thread parsed (through the same descriptor): read
    /// only for the hash and size.
    func hashRest(_ file: InputFile, _ hasher: inout SHA256, _ summary: inout Summary) throws {
        while true {
            if shouldStop?() == true { throw ReadError.stopped(path) }
            let data = try CSVReader.read(file, at: summary.bytes, count: 1 << 20)
            if data.isEmpty { return }
            hasher.update(data: data)
            summary.bytes += data.count
        }
    }
}
