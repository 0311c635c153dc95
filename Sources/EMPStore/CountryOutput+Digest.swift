import EMPRead
import Foundation

// TEMPORARY until store-hardening lands (it defines these in CountryOutput.swift).
extension CountryOutput {
    public static func renderingDigest(long: Data, wide: Data, profile: Data) -> String {
        Digest.sha256Hex(fields: [Digest.sha256Hex(long), Digest.sha256Hex(wide), Digest.sha256Hex(profile)])
    }
    public var isIntact: Bool { CountryOutput.renderingDigest(long: long, wide: wide, profile: profile) == rendering }
}
