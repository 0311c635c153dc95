import EMPCore
import Foundation

/// A country's share of the published outputs, as rendered per output format, with the
/// digest of its inputs and of its bytes.
public struct CountryOutput: Sendable {
    public var refArea: String
    public var digest: String
    public var rendering: String
    public var rows: Int
    /// Bytes per output format name (`indicators`, `indicators_wide`, `profiles`, …).
    public var parts: [String: Data]
    /// How many of its values have a number (the release guards' base), and its warnings
    /// about missing denominators: kept so a run that does not compute the country still
    /// knows them (nil / empty for a rendering kept by an emp before they were).
    public var numbers: Int?
    public var gaps: [String] = []

    public init(refArea: String, digest: String, rendering: String, rows: Int, parts: [String: Data]) {
        (self.refArea, self.digest, self.rendering, self.rows, self.parts) = (refArea, digest, rendering, rows, parts)
    }

    /// The digest of a rendering's bytes: the SHA-256 of its parts' SHA-256s in the order of
    /// their format names (for the three first formats, the order the store kept them in
    /// before renderings were kept per format, so older digests still hold). Written beside
    /// the bytes when they are kept, checked before they are used again.
    public static func renderingDigest(_ parts: [String: Data]) -> String {
        Digest.sha256Hex(fields: parts.keys.sorted().map { Digest.sha256Hex(parts[$0]!) })
    }

    /// The kept bytes are those the digest was made from (a flipped bit on disk, an edited
    /// row, a bad copy of the store all show here).
    public var isIntact: Bool { CountryOutput.renderingDigest(parts) == rendering }
}

/// What the store knows of a country's kept rendering without reading its bytes.
public struct KeptRendering: Sendable, Equatable {
    /// The digest of everything it was computed from.
    public var inputs: String
    /// The digest of its bytes (`CountryOutput.renderingDigest`).
    public var rendering: String
    /// The output formats it has bytes for.
    public var formats: Set<String>

    public init(inputs: String, rendering: String, formats: Set<String>) {
        (self.inputs, self.rendering, self.formats) = (inputs, rendering, formats)
    }
}

/// A whole output table as last published (e.g. `measures.csv`): the digest of its inputs,
/// its bytes and the SHA-256 they had when kept.
public struct TableOutput: Sendable {
    public var digest: String
    public var content: Data
    /// nil for a table kept before the store recorded it (a store from before migration v2).
    public var contentSHA256: String?

    public init(digest: String, content: Data, contentSHA256: String?) {
        (self.digest, self.content, self.contentSHA256) = (digest, content, contentSHA256)
    }

    /// The bytes are those that were kept. A table with no recorded SHA-256 counts as not
    /// intact: its bytes cannot be vouched for, and rendering it again is cheap.
    public var isIntact: Bool { contentSHA256 == Digest.sha256Hex(content) }
}
