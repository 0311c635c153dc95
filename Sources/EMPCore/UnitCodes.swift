/// One unit vocabulary across the release (SDMX CL_UNIT_MEASURE-style codes): the indicators'
/// units, and the units sources give their ready-made measures in, spelled the same way.
public enum UnitCodes {
    /// Spellings sources use → the code emp writes (`PC` and `%` are percent: `PT`).
    static let aliases: [String: String] = [
        "PC": "PT", "PCT": "PT", "PERCENT": "PT", "%": "PT", "PERS": "PS", "PERSONS": "PS", "PER_CAPITA": "USD_PER_PS",
    ]

    public static func canonical(_ code: String) -> String { aliases[code.uppercased()] ?? code }
}
