import Foundation

/// Runs a function over a few items on up to `threads` threads; results in input order.
enum ParallelMap {
    static func map<T: Sendable, R: Sendable>(_ items: [T], threads: Int, _ f: @Sendable (T) -> R) -> [R] {
        guard threads > 1, items.count > 1 else { return items.map(f) }
        var results = [R?](repeating: nil, count: items.count)
        results.withUnsafeMutableBufferPointer { out in
            // Each thread writes its own indices (t, t + threads, …): no two write one slot.
            nonisolated(unsafe) let base = out.baseAddress!
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                for i in stride(from: t, to: items.count, by: threads) { (base + i).pointee = f(items[i]) }
            }
        }
        return results.map { $0! }
    }
}
