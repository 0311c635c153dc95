import EMPCore
import EMPRead
import Foundation

/// The second half of a large file, read on its own thread through a forked lane (see
/// `CSVSplit`). Records the fork declines are kept, to go the ordinary way on the main thread
/// in line order once the first half is done; they are the odd ones (~0.1% of a survey file).
/// A tail with more of them than `limit`, or more than `byteLimit` bytes of them, is given up
/// (its half is then read again by the first reader), so a file of bad rows cannot fill memory.
///
/// Sendable by hand-off: its thread alone touches the counters and records until it signals
/// `done`; the caller reads them only after `finish` waited for that signal.
final class TailReader: @unchecked Sendable {
    let lane: RecordLane
    let width: Int
    private(set) var taken = 0
    private(set) var declined: [CSVRecord] = []
    private(set) var error: Error?
    private(set) var gaveUp = false
    private var declinedBytes = 0
    static let limit = 1 << 16
    static let byteLimit = 64 << 20
    private let done = DispatchSemaphore(value: 0)

    init(lane: RecordLane, width: Int) {
        self.lane = lane
        self.width = width
    }

    func start(_ reader: CSVReader, file: InputFile, offset: Int) {
        // The reader is handed to the thread and never used by the caller again.
        nonisolated(unsafe) let reader = reader
        let thread = Thread { [self] in
            do {
                try reader.readTail(file: file, from: offset) { raw in
                    if gaveUp { return }
                    if raw.problem == nil, raw.count == width, lane.offer(raw) {
                        taken += 1
                    } else if declined.count < TailReader.limit, declinedBytes < TailReader.byteLimit {
                        declined.append(raw.materialize())
                        declinedBytes += raw.byteCount
                    } else {
                        gaveUp = true
                        declined = []
                    }
                }
            } catch { self.error = error }
            done.signal()
        }
        thread.stackSize = 1 << 22
        thread.start()
    }

    /// Waits for the thread; the declined records get their lines shifted to the file's.
    func finish(firstLine: Int) -> [CSVRecord]? {
        done.wait()
        guard error == nil, !gaveUp else { return nil }
        return declined.map {
            var r = $0; r.line += firstLine - 1; return r
        }
    }
}
