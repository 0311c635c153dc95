import EMPCore

/// Cell suppression within one breakdown whose cells add up to a total that is published.
public enum CellSuppression {
    public struct Cell: Sendable, Equatable {
        public var name: String
        public var value: Double
        public var records: Int

        public init(name: String, value: Double, records: Int) {
            (self.name, self.value, self.records) = (name, value, records)
        }
    }

    /// Which cells to withhold, and why. Primary: each sensitive cell. Secondary: while the
    /// withheld cells are a single cell, or together hold fewer than `minRecords` records (their
    /// sum is the total less the published cells, so it is published in effect), the smallest
    /// published cell is withheld too (ties by name, so a run is reproducible). Once two or
    /// more cells of enough records are withheld, the one equation the total gives does not
    /// pin any of them down. Cells not named are free.
    public static func protect(_ cells: [Cell], rule: DisclosureRule) -> [String: Confidentiality] {
        guard rule.isOn else { return [:] }
        var status: [String: Confidentiality] = [:]
        for c in cells where rule.isSensitive(c.records) { status[c.name] = .primary }
        guard !status.isEmpty else { return [:] }
        var candidates = cells.filter { status[$0.name] == nil }
            .sorted { $0.value != $1.value ? $0.value < $1.value : $0.name < $1.name }
        while !candidates.isEmpty {
            let withheld = cells.filter { status[$0.name] != nil }
            let records = withheld.reduce(0) { $0 + $1.records }
            if withheld.count >= 2 && records >= rule.minRecords { break }
            status[candidates.removeFirst().name] = .secondary
        }
        return status
    }
}
