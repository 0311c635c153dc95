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

/// Work started on other threads now, its result collected later: the publication computes
/// the next group of countries while it writes this one (writing is one thread's, and left
/// the second core idle for a third of a first publication).
final class Lookahead<R: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    // Written once by the worker before `done` is signalled, read only after waiting on it.
    private var result: R?
    private var collected = false

    init(_ work: @escaping @Sendable () -> R) {
        DispatchQueue.global().async {
            self.result = work()
            self.done.signal()
        }
    }

    /// The result, once the work is done (waits for it the first time).
    func wait() -> R {
        if !collected {
            done.wait()
            collected = true
        }
        return result!
    }
}

/// A value made on one thread and handed to another once the first is done with it (the
/// results of `ParallelMap.map`, which returns after every item's work ended).
struct Handed<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
