import GRDB

/// What the release guards compare against.
extension Store {
    /// Values currently published that have a number (empty placeholders are not counted).
    public func publishedWithNumber() throws -> Int {
        try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM published WHERE to_run IS NULL AND obs_value != ''") ?? 0 }
    }
}

extension Store {
    /// The published totals (no breakdown) of `indicators`: country, indicator, year and
    /// whether the value has a number (the warnings about missing denominators read them).
    public func publishedTotals(of indicators: Set<String>) throws -> [(area: String, indicator: String, year: Int, number: Bool)] {
        let list = indicators.sorted()
        return try db.read { db in
            try Row.fetchAll(db, sql: """
                SELECT ref_area, indicator, time_period, obs_value != '' FROM published
                WHERE to_run IS NULL AND sex = '_T' AND counterpart_area = '_T' AND sector = '_Z' AND rank = '_Z'
                  AND indicator IN (\(list.map { _ in "?" }.joined(separator: ", ")))
                """, arguments: StatementArguments(list)).map { ($0[0], $0[1], $0[2], $0[3]) }
        }
    }
}
