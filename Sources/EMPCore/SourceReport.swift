/// What reading one source found: the reconciliation rows read = accepted + quarantined,
/// every diagnostic, and whether the source passed its error policy.
public struct SourceReport: Sendable, Codable {
    public var name: String
    public var domain: String
    public var path: String
    public var sha256: String
    public var bytes: Int
    public var rowsRead = 0
    public var accepted = 0
    public var quarantined = 0
    /// Rows kept out of the profiles on purpose (filter, exclude, aggregates, blank lines).
    public var filtered = 0
    public var filteredByReason: [String: Int] = [:]
    public var missingValues = 0
    /// A matrix read both sides (`both_sides`): accepted cells that also gave their mirrored
    /// record (the other direction). Those records are not rows read, so they are counted here,
    /// not in `accepted`: observations handed on = accepted + mirrored. nil for other sources
    /// (and reports kept before it existed decode unchanged).
    public var mirrored: Int?
    /// Threads the file was parsed on (2 when a large microdata file was split; see CSVSplit).
    public var threads = 1
    public var status: Status = .ok
    /// Why the source failed, in one sentence (nil when it passed).
    public var failure: String?
    /// The file could not be read at all (an I/O failure, exit 74, not a data problem);
    /// nil when it was read (optional: reports kept before it existed decode unchanged).
    public var unreadable: Bool?
    public var diagnostics: [Diagnostic] = []
    /// Diagnostics per rule id, counted even past the reporting cap.
    public var countsByRule: [String: Int] = [:]
    public var diagnosticsTruncated = false
    /// Where the table was found in the file, when it is not simply the whole file
    /// (header line, preamble and footer lines skipped).
    public var framing: String?

    public enum Status: String, Sendable, Codable { case ok, failed }

    public static let diagnosticCap = 1000

    public init(name: String, domain: String, path: String) {
        self.name = name
        self.domain = domain
        self.path = path
        sha256 = ""
        bytes = 0
    }

    public var reconciles: Bool { rowsRead == accepted + quarantined + filtered }

    public mutating func skip(_ reason: String) {
        filtered += 1
        filteredByReason[reason, default: 0] += 1
    }

    public mutating func add(_ d: Diagnostic) {
        countsByRule[d.rule.rawValue, default: 0] += 1
        if let last = diagnostics.last, d.line != nil, last.line == d.line, last.column == d.column,
            last.rule == d.rule,
            last.value == d.value, last.message == d.message
        {
            diagnostics[diagnostics.count - 1].cells += 1
            return
        }
        // A problem of the whole file (no line) is kept past the cap: it says why the source failed.
        if diagnostics.count < SourceReport.diagnosticCap || d.line == nil {
            diagnostics.append(d)
        } else {
            diagnosticsTruncated = true
        }
    }

    /// The report of a file read earlier, shown under the path it is read from now (a batch
    /// kept because the file at the new path has the same bytes).
    public mutating func relocate(to newPath: String) {
        guard newPath != path else { return }
        for i in diagnostics.indices where diagnostics[i].file == path { diagnostics[i].file = newPath }
        path = newPath
    }

    public mutating func fail(_ why: String) {
        status = .failed
        if failure == nil { failure = why }
    }
}
