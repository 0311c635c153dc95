/// What `emp prune` removed from a store, and what it kept.
public struct PruneResult: Sendable, Equatable {
    /// The published runs kept, oldest first: their values, batches and `emp diff`.
    public var keptRuns: [Int64]
    /// Published runs older than those, whose history went (their ledger rows stay).
    public var prunedRuns: Int
    /// Batches no kept release used, never current and once published.
    public var batches: Int
    /// Published values replaced or withdrawn before the oldest kept run.
    public var values: Int

    public init(keptRuns: [Int64], prunedRuns: Int, batches: Int, values: Int) {
        (self.keptRuns, self.prunedRuns, self.batches, self.values) = (keptRuns, prunedRuns, batches, values)
    }
}
