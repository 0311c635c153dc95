import CLibCSV
import EMPCore
import Foundation

/// Reading one file on two threads. The file is cut just after a line break near its middle;
/// a second reader parses from there to the end while the first parses up to the cut. The cut
/// is only right if the first reader reaches it between records (a quoted field may hold a
/// line break): it then hands over, otherwise it reads on and the second reader's work is
/// thrown away. Either way the records seen are exactly those of a single pass.
public struct CSVSplit {
    /// Byte offset of the first byte the second reader parses.
    public var offset: Int
    /// Asked when the first reader reaches `offset`, with whether it is between records and
    /// the line the next record starts on; returns true when the second reader's records
    /// stand (the first then stops parsing).
    public var handOver: (_ atBoundary: Bool, _ line: Int) -> Bool

    public init(offset: Int, handOver: @escaping (Bool, Int) -> Bool) {
        self.offset = offset
        self.handOver = handOver
    }

    /// A cut just after the first line break at or after `fraction` of the file, or nil when
    /// the file is smaller than `minimumBytes` (not worth a thread) or has no such break.
    public static func offset(file: InputFile, fraction: Double = 0.5, minimumBytes: Int = 4 << 20) -> Int? {
        let size = file.identity.size
        guard size >= minimumBytes else { return nil }
        let guess = Int(Double(size) * fraction)
        guard let data = try? file.read(at: guess, count: 1 << 16), let nl = data.firstIndex(of: 0x0A) else {
            return nil
        }
        let offset = guess + nl + 1
        return offset < size ? offset : nil
    }
}

extension CSVReader {
    /// Parses `file` (the one the first reader has open: the same inode, whatever happens to
    /// the path) from byte `offset` (a record start) to its end, with no header: records
    /// only, their lines counted from `firstLine` (the caller shifts them once the first
    /// reader knows the line at the cut). The first reader checks, once both are done, that
    /// the file did not change.
    public func readTail(file: InputFile, from offset: Int, firstLine: Int = 1, _ body: (RawRecord) -> Void) throws {
        try withoutActuallyEscaping(body) { body in
            let state = ParserState(dialect: dialect, limits: limits, deliver: body)
            defer { state.free() }
            state.line = firstLine
            state.rawLine = firstLine
            var at = offset
            while true {
                if shouldStop?() == true { throw ReadError.stopped(path) }
                let data = try CSVReader.read(file, at: at, count: chunkSize)
                if data.isEmpty { break }
                at += data.count
                try state.feed(data, path: path)
            }
            try state.finish(path: path)
        }
    }
}
