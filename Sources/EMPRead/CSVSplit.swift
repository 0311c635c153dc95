import CLibCSV
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
    public static func offset(path: String, fraction: Double = 0.5, minimumBytes: Int = 4 << 20) -> Int? {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int,
            size >= minimumBytes,
            let handle = FileHandle(forReadingAtPath: path)
        else { return nil }
        defer { try? handle.close() }
        let guess = Int(Double(size) * fraction)
        guard (try? handle.seek(toOffset: UInt64(guess))) != nil, let data = try? handle.read(upToCount: 1 << 16),
            let nl = data.firstIndex(of: 0x0A)
        else { return nil }
        let offset = guess + (nl - data.startIndex) + 1
        return offset < size ? offset : nil
    }
}

extension CSVReader {
    /// Parses the file from byte `offset` (a record start) to its end, with no header:
    /// records only, their lines counted from `firstLine` (the caller shifts them once the
    /// first reader knows the line at the cut).
    public func readTail(from offset: Int, firstLine: Int = 1, _ body: (RawRecord) -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ReadError.cannotOpen(path, "no such file") }
        defer { try? handle.close() }
        do { try handle.seek(toOffset: UInt64(offset)) } catch { throw ReadError.cannotOpen(path, "\(error)") }
        try withoutActuallyEscaping(body) { body in
            let state = ParserState(dialect: dialect, deliver: body)
            defer { state.free() }
            state.line = firstLine
            state.rawLine = firstLine
            while true {
                let data: Data
                do { data = try handle.read(upToCount: chunkSize) ?? Data() } catch {
                    throw ReadError.cannotOpen(path, "\(error)")
                }
                if data.isEmpty { break }
                try state.feed([UInt8](data), path: path)
            }
            try state.finish(path: path)
        }
    }
}
