import EMPCore

extension CodeLists {
    /// The labels a release writes beside its codes: country names and the shipped lists.
    /// `units`: unit code → label (the indicator catalogue's vocabulary, given by the runner).
    public func labels(iso: ISOCodes, units: [String: String]) -> CodeLabels {
        var countries: [String: String] = ["_T": "All countries", "_Z": "Not applicable"]
        for code in iso.countries.keys { countries[code] = iso.name(code) }
        var codes: [String: [String: String]] = [:]
        codes["sex"] = Dictionary(uniqueKeysWithValues: CodeLists.rows("sdmx_sex").map { ($0[0], $0[1]) })
        codes["sector"] = isicSections.merging(["_T": "All sectors", "_Z": "Not applicable", "_U": "Unknown"]) { a, _ in
            a
        }
        codes["occupation"] = iscoNames.merging(["_T": "All occupations", "_U": "Unknown"]) { a, _ in a }
        codes["education"] = Dictionary(uniqueKeysWithValues: CodeLists.rows("isced2011").map { ($0[0], $0[2]) })
        codes["obs_status"] = obsStatusNames
        codes["unit_measure"] = units
        return CodeLabels(countries: countries, codes: codes)
    }
}
