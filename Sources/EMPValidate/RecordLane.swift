import EMPRead

/// A faster way through a source for the records it fully understands (the microdata lane).
/// A lane takes a record only when the ordinary path would accept it with the same values;
/// everything else (a bad code, an odd number, a row it has no room for) goes the ordinary
/// way, so diagnostics, quarantine and counts are the same with or without it.
public protocol RecordLane: AnyObject {
    /// Called once with the checked header; false when the lane cannot serve this source.
    func prepare(header: [String]) -> Bool
    /// True when the record was taken: it counts as accepted and must not be seen again.
    func offer(_ record: RawRecord) -> Bool
}

/// Lanes that can share a file between threads.
public protocol ForkableLane: RecordLane {
    /// A lane of the same kind, prepared for the same header, summing on its own: it runs on
    /// another thread. nil when it cannot be made.
    func fork(header: [String]) -> RecordLane?
    /// Adds a finished fork's sums into this lane's.
    func join(_ fork: RecordLane)
}
