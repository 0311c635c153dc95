import Foundation

/// A country's share of the published tables, as rendered, with the digest of its inputs and
/// of its bytes.
public struct CountryOutput: Sendable {
    public var refArea: String
    public var digest: String
    public var rendering: String
    public var rows: Int
    public var long: Data
    public var wide: Data
    public var profile: Data
    /// How many of its values have a number (the release guards' base), and its warnings
    /// about missing denominators: kept so a run that does not compute the country still
    /// knows them (nil / empty for a rendering kept by an emp before they were).
    public var numbers: Int?
    public var gaps: [String] = []

    public init(refArea: String, digest: String, rendering: String, rows: Int, long: Data, wide: Data, profile: Data) {
        (self.refArea, self.digest, self.rendering, self.rows, self.long, self.wide, self.profile) =
            (refArea, digest, rendering, rows, long, wide, profile)
    }

    /// The digest of a rendering's bytes: the SHA-256 of the three parts' SHA-256s. Written
    /// beside the bytes when they are kept, checked before they are used again.
    public static func renderingDigest(long: Data, wide: Data, profile: Data) -> String {
        StoreDigest.sha256Hex(fields: [StoreDigest.sha256Hex(long), StoreDigest.sha256Hex(wide), StoreDigest.sha256Hex(profile)])
    }

    /// The kept bytes are those the digest was made from (a flipped bit on disk, an edited
    /// row, a bad copy of the store all show here).
    public var isIntact: Bool { CountryOutput.renderingDigest(long: long, wide: wide, profile: profile) == rendering }
}

/// A whole output table as last published (e.g. `measures.csv`): the digest of its inputs,
/// its bytes and the SHA-256 they had when kept.
public struct TableOutput: Sendable {
    public var digest: String
    public var content: Data
    /// nil for a table kept before the store recorded it (a store from before migration v2).
    public var contentSHA256: String?

    /// The bytes are those that were kept. A table with no recorded SHA-256 counts as not
    /// intact: its bytes cannot be vouched for, and rendering it again is cheap.
    public var isIntact: Bool { contentSHA256 == StoreDigest.sha256Hex(content) }
}
