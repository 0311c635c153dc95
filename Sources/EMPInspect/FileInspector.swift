import EMPConfig
import EMPCore
import EMPRead
import EMPValidate
import Foundation

/// `emp inspect FILE`: looks at the head (and tail) of a file it has never seen and says what it
/// found — encoding, delimiter, header row, preamble, footer, layout, columns with samples — so
/// a new user can start a pipeline source block. It guesses; the pipeline never does.
public struct FileInspector {
    public static let headBytes = 64 * 1024
    public static let tailBytes = 8 * 1024

    public let path: String
    let iso: ISOCodes?

    public init(path: String, iso: ISOCodes?) {
        self.path = path
        self.iso = iso
    }

    public func inspect() throws -> Inspection {
        // Only a regular file, checked before it is opened (a FIFO would block, a device never end).
        let file: InputFile
        do { file = try InputFile.open(path) } catch let f as InputFile.Failure {
            if case .cannotOpen(_, let why) = f { throw CSVReader.ReadError.cannotOpen(path, why) }
            throw CSVReader.ReadError.refused(f)
        }
        let size = file.identity.size
        let head = try file.read(at: 0, count: FileInspector.headBytes)
        var tail: [UInt8] = []
        if size > head.count {
            tail = try file.read(
                at: max(size - FileInspector.tailBytes, head.count), count: FileInspector.tailBytes)
        }
        var result = Inspection(path: path, bytes: size)
        let (encoding, note) = FileInspector.encoding(head)
        result.encoding = encoding
        result.encodingNote = note
        let text = encoding.textEncoding.decode(head) ?? ""
        var lines = FileInspector.lines(text, complete: size <= head.count)
        result.delimiter = FileInspector.delimiter(lines)
        // Records, not lines: a quoted field may hold a line break (a header "Sort\norder").
        let records = FileInspector.records(lines)
        let split = records.map { FileInspector.split($0.text, result.delimiter) }
        result.headerIndex = FileInspector.headerIndex(split)
        result.headerLine = records.isEmpty ? 1 : records[result.headerIndex].line
        result.preamble = Array(lines.prefix(result.headerLine - 1))
        let header = split.isEmpty ? [] : split[result.headerIndex].map { $0.trimmingCharacters(in: .whitespaces) }
        var rows = Array(split.dropFirst(result.headerIndex + 1))
        let tailText = encoding.textEncoding.decode(tail).map { FileInspector.lines($0, complete: true).dropFirst() }
        let tailLines = tail.isEmpty ? lines : Array(tailText ?? [])
        result.footer = FileInspector.footer(
            tailLines.map { FileInspector.split($0, result.delimiter) }, width: header.count)
        if tail.isEmpty { rows.removeLast(min(result.footer.count, rows.count)) }
        lines.removeAll()
        result.header = header
        result.analyse(rows: rows.filter { !$0.allSatisfy(\.isEmpty) }, iso: iso)
        return result
    }

    /// BOM first, then strict UTF-8 (a multi-byte character cut by the end of the head is fine).
    static func encoding(_ head: [UInt8]) -> (SourceEncoding, String) {
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8sig, "UTF-8 byte-order mark") }
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
            return (.utf16, "UTF-16 byte-order mark")
        }
        var body = head
        for _ in 0..<3 where String(validating: body, as: UTF8.self) == nil && !body.isEmpty && body.last! >= 0x80 {
            body.removeLast()
        }
        if String(validating: body, as: UTF8.self) != nil {
            return (.utf8, head.allSatisfy { $0 < 0x80 } ? "ASCII (valid UTF-8)" : "valid UTF-8")
        }
        if FileInspector.looksLikeCP850(head) {
            return (
                .cp850,
                "NOT UTF-8: bytes 0x80-0x9F inside words (é, ô, ç of code page 850, which Windows-1252 "
                    + "reads as punctuation) — check accented names"
            )
        }
        let c1 = head.contains { (0x80...0x9F).contains($0) }
        return (
            c1 ? .windows1252 : .iso88591,
            "NOT UTF-8: bytes 0x80-0xFF that are not UTF-8; "
                + "\(c1 ? "0x80-0x9F suggest Windows-1252" : "ISO-8859-1 or CP850?") — check accented names"
        )
    }

    /// Bytes 0x80-0x9F are letters in code page 850 (Ç ü é â ä à å ç ê ë è ï î ì Ä Å É æ Æ ô ö
    /// ò û ù ÿ Ö Ü) but mostly punctuation in Windows-1252 (‚ „ … † ‡ “ ” –): most of them
    /// between two ASCII letters (`C\x93te`) is a DOS file; the few Windows-1252 letters there
    /// (Š š Ž ž Œ œ Ÿ) do not count.
    static func looksLikeCP850(_ head: [UInt8]) -> Bool {
        let letters1252: Set<UInt8> = [0x8A, 0x8C, 0x8E, 0x9A, 0x9C, 0x9E, 0x9F]
        func letter(_ b: UInt8) -> Bool { (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) }
        var c1 = 0, inWord = 0
        for i in head.indices where (0x80...0x9F).contains(head[i]) && !letters1252.contains(head[i]) {
            c1 += 1
            if i > 0, i + 1 < head.count, letter(head[i - 1]), letter(head[i + 1]) { inWord += 1 }
        }
        return c1 > 0 && inWord * 2 > c1
    }

    /// Physical lines, without the BOM and line ends; the last one is dropped when the head cut it.
    static func lines(_ text: String, complete: Bool) -> [String] {
        var s = Substring(text)
        if s.first == "\u{FEFF}" { s.removeFirst() }
        // "\r\n" is one Character in Swift: split on every kind of line end.
        var out = s.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }.map(
            String.init)
        if !complete && out.count > 1 { out.removeLast() }
        while out.last == "" { out.removeLast() }
        return out
    }

    /// The lines joined into records: a line that leaves a quote open goes on with the next
    /// (as libcsv reads it), each record with the number of the line it starts on.
    static func records(_ lines: [String]) -> [(text: String, line: Int)] {
        var out: [(text: String, line: Int)] = [], open: (text: String, line: Int, quotes: Int)?
        for (i, line) in lines.enumerated() {
            let quotes = line.reduce(0) { $0 + ($1 == "\"" ? 1 : 0) }
            if let o = open {
                open = (o.text + "\n" + line, o.line, o.quotes + quotes)
            } else {
                open = (line, i + 1, quotes)
            }
            if let o = open, o.quotes % 2 == 0 {
                out.append((o.text, o.line))
                open = nil
            }
        }
        if let o = open { out.append((o.text, o.line)) }
        return out
    }

    /// The candidate that splits most lines into the same number (> 1) of fields; on a tie,
    /// the one giving more fields (a Eurostat TSV also splits evenly on the commas of its key).
    static func delimiter(_ lines: [String]) -> Character {
        var best: (Character, Int, Int) = (",", -1, 0)
        for d in [",", ";", "\t", "|"] as [Character] {
            var counts: [Int: Int] = [:]
            for l in lines.prefix(200) where !l.isEmpty { counts[split(l, d).count, default: 0] += 1 }
            guard
                let (width, lines) = counts.filter({ $0.key > 1 }).max(by: { ($0.value, $0.key) < ($1.value, $1.key) })
            else { continue }
            if (lines, width) > (best.1, best.2) { best = (d, lines, width) }
        }
        return best.0
    }

    /// The first line that has the width most lines have: lines above it are preamble.
    static func headerIndex(_ rows: [[String]]) -> Int {
        var counts: [Int: Int] = [:]
        for r in rows.prefix(200) where r.count > 1 { counts[r.count, default: 0] += 1 }
        guard let width = counts.max(by: { ($0.value, $0.key) < ($1.value, $1.key) })?.key else { return 0 }
        return rows.firstIndex { $0.count == width && $0.filter { !$0.isEmpty }.count > 1 } ?? 0
    }

    /// Trailing records that are notes (one text cell) or only delimiters.
    static func footer(_ rows: [[String]], width: Int) -> [String] {
        var out: [String] = []
        for r in rows.reversed() {
            let filled = r.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            if r == [""] { continue }  // an empty line is no record: not counted
            guard width > 2, filled.count <= 1 else { break }
            out.insert(r.joined(separator: ",").trimmingCharacters(in: CharacterSet(charactersIn: ",")), at: 0)
        }
        return out
    }

    /// One line split as a run would split it (libcsv, the candidate delimiter, `"` quotes,
    /// spaces kept): a head rarely has quoted line breaks, so lines are split one by one.
    static func split(_ line: String, _ d: Character) -> [String] {
        CSVReader.fields(ofLine: line, delimiter: d.asciiValue ?? 0x2C)
    }
}
