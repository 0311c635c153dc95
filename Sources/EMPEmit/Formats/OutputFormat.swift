import EMPCore
import EMPIndicators
import EMPStore
import Foundation

/// An output format of a release: its name (the key of its renderings in the store and of the
/// pipeline's `outputs:`), the files it writes, how it renders one country, and how it opens
/// the release's files and finishes them. Countries are rendered once and kept in the store per
/// format, so a country whose inputs did not change is published from its kept bytes: a new
/// format is one file here and one line in `OutputFormats.all`, and incremental runs work for it.
public protocol OutputFormat: Sendable {
    var name: String { get }
    /// The files it writes, as the docs list them (`profiles/<ISO3>.json`).
    var files: String { get }
    /// One sentence for `emp` help and the docs.
    var summary: String { get }
    /// One country's bytes. Pure (touches no shared state): countries render in parallel.
    func render(_ country: FormattedCountry, in release: ReleaseLayout) -> [UInt8]
    /// Opens the format's files in the staging folder (headers written); countries come in order.
    func open(in folder: OutputFolder, release: ReleaseLayout) throws -> any FormatSink
    /// The keys of `ReleaseLayout.settings` it reads, each with the value it takes when the
    /// pipeline does not set it (the digest of a release records only the values that differ).
    var settingDefaults: [String: String] { get }
    /// The Table Schema of its CSV file, for `datapackage.json` (nil: not a CSV table).
    func tableSchema(in release: ReleaseLayout) -> TableSchema?
    /// The CSV file its Table Schema describes: its one file, unless it writes more.
    var tableFile: String { get }
    /// Whether a release writes it when the pipeline names no `outputs:`.
    var onByDefault: Bool { get }
}

extension OutputFormat {
    public var settingDefaults: [String: String] { [:] }
    public func tableSchema(in release: ReleaseLayout) -> TableSchema? { nil }
    public var tableFile: String { files }
    /// Whether a release writes it when the pipeline names no `outputs:`.
    public var onByDefault: Bool { true }
}

/// Where a format's rendered countries go during a release.
public protocol FormatSink: AnyObject {
    func add(country: String, bytes: [UInt8]) throws
    /// A country with what changed in its values since the previous release (the HTML report
    /// says it on the page); formats that do not say it take the bytes alone.
    func add(country: String, bytes: [UInt8], changes: [ValueChange]) throws
    /// The release is complete: closes and records the files.
    func finish() throws
}

/// What every format knows about the whole release.
public struct ReleaseLayout: Sendable {
    /// Every year of every country published (the columns of the wide table), ascending.
    public var years: [Int]
    /// Names of countries and labels of codes, for the formats people read.
    public var labels: CodeLabels
    /// The pipeline's settings of the formats that need some (e.g. SDMX agency and ids), by key.
    public var settings: [String: String]
    /// Which release this is (nil outside a publication, e.g. for `datapackage.json`). Formats
    /// put it in their files when they write them, never in a country's kept rendering, so a
    /// country published from its kept bytes still shows the current release.
    public var stamp: ReleaseStamp?
    /// The release's sources with their row counts (the report's data quality section).
    public var sources: [SourceReport]
    /// Per country, the names of the sources with data of it (the report lists those on its page).
    public var sourcesByCountry: [String: Set<String>] = [:]

    public init(
        years: [Int], labels: CodeLabels = CodeLabels(), settings: [String: String] = [:], stamp: ReleaseStamp? = nil,
        sources: [SourceReport] = []
    ) {
        (self.years, self.labels, self.settings, self.stamp, self.sources) = (years, labels, settings, stamp, sources)
    }
}

/// A release's number (how many releases the store has published, this one included: a run
/// that failed or was killed takes no number), its date, and whether one came before it.
public struct ReleaseStamp: Sendable, Equatable {
    public var number: Int
    /// `YYYY-MM-DD`, UTC: the day the run started, or the day `SOURCE_DATE_EPOCH` names (the
    /// reproducible-builds convention), so a rebuilt release can have the same bytes.
    public var date: String
    public var isFirst: Bool { number == 1 }

    public init(number: Int, date: String) {
        (self.number, self.date) = (number, date)
    }
}

/// A country's result with its name and each value formatted once for every format.
public struct FormattedCountry: Sendable {
    public var result: CountryResult
    public var name: String
    /// Each row's value as the tables write it (`ValueFormat.format`; empty when missing).
    public var values: [String]

    public init(result: CountryResult, name: String) {
        self.result = result
        self.name = name
        values = result.rows.map { ValueFormat.format($0.value, unit: $0.unit) }
    }

    public var country: String { result.country }
    public var rows: [IndicatorValue] { result.rows }
}

extension FormatSink {
    public func add(country: String, bytes: [UInt8], changes: [ValueChange]) throws {
        try add(country: country, bytes: bytes)
    }
}

/// A format written as one table: a header line, then each country's lines in order.
final class TableSink: FormatSink {
    let folder: OutputFolder
    let file: String
    let writer: TextFileWriter

    init(folder: OutputFolder, file: String, header: [String]) throws {
        (self.folder, self.file) = (folder, file)
        writer = try folder.stream(file)
        try writer.write(CSVText.line(header))
    }

    func add(country: String, bytes: [UInt8]) throws { try writer.write(bytes: bytes) }

    func finish() throws {
        try writer.close()
        try folder.adopt(file)
    }
}

/// A format written as one file per country (`<folder>/<ISO3>.<ext>`).
final class FilePerCountrySink: FormatSink {
    let folder: OutputFolder
    let directory: String
    let fileExtension: String

    init(folder: OutputFolder, directory: String, fileExtension: String) {
        (self.folder, self.directory, self.fileExtension) = (folder, directory, fileExtension)
    }

    func add(country: String, bytes: [UInt8]) throws {
        try folder.write("\(directory)/\(country).\(fileExtension)", data: Data(bytes))
    }

    func finish() throws {}
}
