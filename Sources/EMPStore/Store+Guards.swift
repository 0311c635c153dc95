import GRDB

/// What the release guards compare against.
extension Store {
    /// Values currently published that have a number (empty placeholders are not counted).
    public func publishedWithNumber() throws -> Int {
        try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM published WHERE to_run IS NULL AND obs_value != ''") ?? 0 }
    }
}
