import EMPAggregate
import EMPCore
import Foundation

/// A file as it was when imported: where, its bytes' hash, and what `stat` said (size, times,
/// inode), so a later run can tell an untouched file without reading it again.
public struct FileStamp: Equatable, Sendable {
    public var path: String
    public var sha256: String
    public var bytes: Int
    public var mtimeNs: Int64
    public var ctimeNs: Int64
    public var inode: Int64

    public init(path: String, sha256: String, bytes: Int, mtimeNs: Int64, ctimeNs: Int64, inode: Int64) {
        self.path = path
        self.sha256 = sha256
        self.bytes = bytes
        self.mtimeNs = mtimeNs
        self.ctimeNs = ctimeNs
        self.inode = inode
    }

    /// What `stat` says of `path` now (no hash); nil when it cannot be read.
    public static func current(_ path: String) -> FileStamp? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        func ns(_ t: timespec) -> Int64 { Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_nsec) }
        return FileStamp(
            path: path, sha256: "", bytes: Int(st.st_size), mtimeNs: ns(st.st_mtim), ctimeNs: ns(st.st_ctim),
            inode: Int64(st.st_ino))
    }

    /// Same file, same size, same modification and change times: its bytes are taken as
    /// unchanged without hashing them (as git and make do).
    public func sameStat(_ other: FileStamp) -> Bool {
        path == other.path && bytes == other.bytes && mtimeNs == other.mtimeNs && ctimeNs == other.ctimeNs
            && inode == other.inode
    }
}

/// The rows a batch set aside, as kept: values (header and cells), or, for a batch kept by
/// an emp before rejected rows were kept as values, the quarantine file's own bytes.
public enum KeptQuarantine: Sendable, Equatable {
    case rows(Quarantine)
    case file(Data)
}

/// A source's batch as the store knows it.
public struct BatchInfo: Sendable {
    public var id: Int64
    public var source: String
    public var domain: String
    public var fingerprint: String
    public var file: FileStamp
    public var importedAt: String
    /// When the stamp was taken (ns since 1970): a file changed in the same instant could have
    /// kept its times, so a stamp that close to its file's times is not trusted.
    public var stampedAtNs: Int64
    public var report: SourceReport

    public init(
        id: Int64, source: String, domain: String, fingerprint: String, file: FileStamp, importedAt: String,
        stampedAtNs: Int64, report: SourceReport
    ) {
        (self.id, self.source, self.domain, self.fingerprint, self.file) = (id, source, domain, fingerprint, file)
        (self.importedAt, self.stampedAtNs, self.report) = (importedAt, stampedAtNs, report)
    }
}

/// A batch to save: one source read from one file.
public struct NewBatch {
    public var source: String
    public var domain: String
    public var fingerprint: String
    public var file: FileStamp
    public var stampedAtNs: Int64
    public var report: SourceReport
    /// The rows set aside, when there were any.
    public var quarantine: Quarantine?
    /// Accepted observations of an aggregate source, in file order.
    public var observations: ObservationTable
    /// A microdata source's summed records.
    public var microdata: MicrodataShare?
    /// Which domains each country has for each year (reference series included).
    public var coverage: [String: [Int: Set<Domain>]]

    public init(
        source: String, domain: String, fingerprint: String, file: FileStamp, stampedAtNs: Int64, report: SourceReport,
        quarantine: Quarantine?, observations: ObservationTable, microdata: MicrodataShare?,
        coverage: [String: [Int: Set<Domain>]]
    ) {
        self.source = source
        self.domain = domain
        self.fingerprint = fingerprint
        self.file = file
        self.stampedAtNs = stampedAtNs
        self.report = report
        self.quarantine = quarantine
        self.observations = observations
        self.microdata = microdata
        self.coverage = coverage
    }
}
