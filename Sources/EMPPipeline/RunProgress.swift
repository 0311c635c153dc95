/// What a run is doing, for a progress display on a terminal: the stage, with a count where the
/// total is known.
public enum RunProgress: Sendable, Equatable {
    /// A source being read (its place in the reading order; rows and bytes read of its file's size).
    case reading(source: String, index: Int, count: Int, rows: Int, bytes: Int, size: Int)
    /// The kept batches of the sources not read again, for the countries to compute.
    case restoring
    /// Countries computed and rendered (or copied as kept) so far.
    case computing(done: Int, count: Int)
    /// Writing the quality report, the manifest, swapping the release in and recording it.
    case publishing
}
