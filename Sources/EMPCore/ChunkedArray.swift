/// An array that grows by fixed chunks instead of doubling: what holds a source's rows while
/// it is read. A doubling array holds up to twice its rows, and three times while it copies
/// itself into a larger one; this one holds its rows and one chunk's slack, and never copies.
///
/// Inlinable: its users are in other modules (held rows, measures.csv), where a generic that
/// is not specialised looked its metadata up at run time on every access.
public struct ChunkedArray<Element>: RandomAccessCollection {
    @usableFromInline static var shift: Int { 13 }
    @usableFromInline static var size: Int { 1 << shift }
    @usableFromInline var chunks: [[Element]] = []
    @usableFromInline var stored = 0
    @inlinable public var count: Int { stored }

    @inlinable public init() {}

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { count }

    @inlinable public subscript(i: Int) -> Element {
        get { chunks[i >> Self.shift][i & (Self.size - 1)] }
        set { chunks[i >> Self.shift][i & (Self.size - 1)] = newValue }
    }

    @inlinable public var last: Element? { count == 0 ? nil : self[count - 1] }

    @inlinable public mutating func append(_ e: Element) {
        if count & (Self.size - 1) == 0 {
            chunks.append([])
            chunks[chunks.count - 1].reserveCapacity(Self.size)
        }
        chunks[chunks.count - 1].append(e)
        stored += 1
    }

    @inlinable public mutating func removeAll() { self = ChunkedArray() }

    /// Whether `i` is the last place of its chunk.
    @inlinable public func endsChunk(at i: Int) -> Bool { i & (Self.size - 1) == Self.size - 1 }

    /// Lets go of every chunk up to the one holding `i`, for a reader done with them (a held
    /// source's rows handed on in order): reading a place in them again is a programming error.
    /// The count stays, so the places after them keep their numbers.
    @inlinable public mutating func dropChunks(through i: Int) {
        for c in 0..<Swift.min((i >> Self.shift) + 1, chunks.count) where !chunks[c].isEmpty { chunks[c] = [] }
    }
}

extension ChunkedArray: Sendable where Element: Sendable {}
