import EMPAggregate
import EMPCore

/// Arithmetic on flagged amounts: a missing input gives a missing result (never 0), and a
/// result carries the worst flag of its inputs.
enum Arithmetic {
    /// Division by zero has no value: flagged M (cannot exist).
    static let undefined = ObsStatus.cannotExist

    static func combine(_ a: Amount?, _ b: Amount?, _ op: (Double, Double) -> Double?) -> Amount {
        guard let a, let b else { return .missing() }
        guard let x = a.value else { return .missing(a.status) }
        guard let y = b.value else { return .missing(b.status) }
        let status = ObsStatus.worst(a.status, b.status)
        guard let r = op(x, y) else { return Amount(value: nil, status: undefined) }
        return Amount(value: r, status: status)
    }

    static func minus(_ a: Amount?, _ b: Amount?) -> Amount { combine(a, b) { $0 - $1 } }

    /// scale × a / b
    static func ratio(_ a: Amount?, _ b: Amount?, scale: Double) -> Amount {
        combine(a, b) { $1 == 0 ? nil : scale * $0 / $1 }
    }

    static func plus(_ a: Amount?, _ b: Amount?) -> Amount { combine(a, b) { $0 + $1 } }

    /// 100 × (now / before − 1)
    static func growth(_ now: Amount?, _ before: Amount?) -> Amount {
        combine(now, before) { $1 == 0 ? nil : 100 * ($0 / $1 - 1) }
    }
}
