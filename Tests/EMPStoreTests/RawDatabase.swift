import Foundation
import GRDB

/// The store file opened with GRDB directly, as someone editing it by hand (or a disk
/// flipping a bit) would: the tests damage stores through it.
func rawDatabase(_ path: String) throws -> DatabaseQueue {
    try DatabaseQueue(path: path)
}
