import EMPCore
import EMPIndicators
import EMPStore

/// Writes a release's per-country outputs in every chosen format, one country at a time
/// (countries come in order), so memory holds one country's rows, never the whole table.
public final class ReleaseWriter {
    public let renderer: CountryRenderer
    let sinks: [any FormatSink]
    public private(set) var count = 0
    var formats: [any OutputFormat] { renderer.formats }

    public init(folder: OutputFolder, formats: [any OutputFormat], release: ReleaseLayout) throws {
        renderer = CountryRenderer(formats: formats, release: release)
        sinks = try formats.map { try $0.open(in: folder, release: release) }
    }

    /// Appends a rendered country (countries must come in order) to each format's files, with
    /// what changed in its values since the previous release.
    public func add(_ r: RenderedCountry, changes: [ValueChange] = []) throws {
        for (f, sink) in zip(formats, sinks) {
            guard let bytes = r.parts[f.name] else { throw MissingPart(country: r.country, format: f.name) }
            try sink.add(country: r.country, bytes: bytes, changes: changes)
        }
        count += r.rows
    }

    public func close() throws {
        for sink in sinks { try sink.finish() }
    }

    /// A kept rendering without one of the release's formats (the caller computes such a country anew).
    public struct MissingPart: Error, CustomStringConvertible {
        public var country: String, format: String
        public var description: String { "the rendering of \(country) has no \(format) part" }
    }
}

/// Renders a country in every format of a release; a value, so countries render in parallel.
public struct CountryRenderer: Sendable {
    public let formats: [any OutputFormat]
    public let release: ReleaseLayout

    public func render(_ result: CountryResult, name: String) -> RenderedCountry {
        let country = FormattedCountry(result: result, name: name)
        var parts: [String: [UInt8]] = [:]
        for f in formats { parts[f.name] = f.render(country, in: release) }
        return RenderedCountry(
            country: result.country, rows: result.rows.count, parts: parts,
            values: Array(zip(result.rows, country.values)))
    }
}

/// One country's share of every format, rendered to bytes.
public struct RenderedCountry: Sendable {
    public var country: String
    public var rows: Int
    /// Bytes per format name.
    public var parts: [String: [UInt8]]
    /// The computed rows and their values as written (empty for a rendering kept from an earlier run).
    public var values: [(row: IndicatorValue, text: String)]

    public init(
        country: String, rows: Int, parts: [String: [UInt8]], values: [(row: IndicatorValue, text: String)] = []
    ) {
        (self.country, self.rows, self.parts, self.values) = (country, rows, parts, values)
    }
}
