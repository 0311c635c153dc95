/// Labels of the codes a release writes, for the people who read it (issue 11): country names
/// from iso-codes, and the shipped code lists (sex, ISIC sections, ISCO groups, ISCED levels,
/// SDMX flags), by the dimension they label. Built once by the runner; renderers only read it.
public struct CodeLabels: Sendable {
    /// ISO 3166-1 alpha-3 code → country name.
    public var countries: [String: String]
    /// Dimension (`sex`, `sector`, `occupation`, `education`, `obs_status`, `unit_measure`) → code → label.
    public var codes: [String: [String: String]]

    public init(countries: [String: String] = [:], codes: [String: [String: String]] = [:]) {
        (self.countries, self.codes) = (countries, codes)
    }

    /// The label of a code in a dimension; nil when emp has none.
    public func label(_ dimension: String, _ code: String) -> String? {
        dimension == "ref_area" || dimension == "counterpart_area" ? countries[code] : codes[dimension]?[code]
    }
}
