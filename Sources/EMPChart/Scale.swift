/// A linear value scale with "nice" bounds and ticks: steps of 1, 2 or 5 × 10^k, the smallest
/// such step that needs at most `maxIntervals` intervals, bounds rounded out to multiples of
/// it. 0…3,820 gives 0, 1,000 … 4,000; −250…4,100 gives −1,000 … 5,000.
struct LinearScale: Equatable {
    let lower: Double
    let upper: Double
    let ticks: [Double]

    static let maxIntervals = 6

    /// The scale for values drawn from a zero baseline: it spans 0 and every value. Nothing to
    /// span (no values, all zero) gives 0…5, whose whole-number ticks any format prints.
    init(covering values: [Double]) {
        let lower = min(0, values.min() ?? 0), upper = max(0, values.max() ?? 0)
        self.init(lower: lower, upper: upper)
    }

    /// The nice scale around `lower…upper`, which must hold 0 (so the tick indexes stay small
    /// whatever the magnitude). A span too small to divide falls back to 0…5.
    init(lower: Double, upper: Double) {
        let span = upper - lower
        guard span.isFinite, span >= 1e-200 else {
            self.init(lower: 0, upper: 5, step: Step(mantissa: 1, exponent: 0), first: 0, last: 5)
            return
        }
        let step = Step.smallest(spanning: lower, upper, maxIntervals: Self.maxIntervals)
        self.init(
            lower: lower, upper: upper, step: step, first: step.index(below: lower), last: step.index(above: upper))
    }

    private init(lower: Double, upper: Double, step: Step, first: Int, last: Int) {
        ticks = (first...last).map(step.multiple)
        (self.lower, self.upper) = (ticks.first ?? lower, ticks.last ?? upper)
    }

    /// Where `value` lies between the bounds: 0 at `lower`, 1 at `upper`.
    func fraction(_ value: Double) -> Double {
        (value - lower) / (upper - lower)
    }

    /// Whether the scale runs below zero: then the zero line is more than the baseline.
    var crossesZero: Bool { lower < 0 && upper > 0 }
}

/// A tick step mantissa × 10^exponent, kept as integers so that the ticks are computed as
/// (index × mantissa) scaled once: 3 × 0.2 would print as 0.6000000000000001.
struct Step: Equatable {
    let mantissa: Int
    let exponent: Int

    private static let mantissas = [1, 2, 5]

    /// The smallest step covering `lower…upper` in at most `maxIntervals` intervals. Steps
    /// from a tenth of the span's power of ten upwards are tried; a step of ten times that
    /// power exceeds the span, so it always fits and the search ends.
    static func smallest(spanning lower: Double, _ upper: Double, maxIntervals: Int) -> Step {
        let power = decimalExponent(of: upper - lower)
        for exponent in (power - 1)...(power + 1) {
            for mantissa in mantissas {
                let step = Step(mantissa: mantissa, exponent: exponent)
                if step.index(above: upper) - step.index(below: lower) <= maxIntervals { return step }
            }
        }
        return Step(mantissa: 1, exponent: power + 2)
    }

    /// k such that 10^k ≤ value < 10^(k+1), for a positive finite value; counted rather than
    /// taken from a logarithm, to need nothing beyond the standard library.
    static func decimalExponent(of value: Double) -> Int {
        var exponent = 0
        while exponent > -320, powerOfTen(exponent) > value { exponent -= 1 }
        while exponent < 320, powerOfTen(exponent + 1) <= value { exponent += 1 }
        return exponent
    }

    static func powerOfTen(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(exponent) { result *= 10 }
        return exponent < 0 ? 1 / result : result
    }

    /// The tick `index` × step. Negative exponents divide, which rounds once instead of
    /// multiplying by an inexact 0.1.
    func multiple(_ index: Int) -> Double {
        let units = Double(index * mantissa)
        return exponent < 0 ? units / Step.powerOfTen(-exponent) : units * Step.powerOfTen(exponent)
    }

    var value: Double { multiple(1) }

    /// The index of the highest tick at or below `x`. A hair of tolerance keeps a value that is
    /// a multiple up to rounding (0.30000000000000004 for 0.3) from adding an interval.
    func index(below x: Double) -> Int {
        Int((x / value + 1e-9).rounded(.down))
    }

    /// The index of the lowest tick at or above `x`.
    func index(above x: Double) -> Int {
        Int((x / value - 1e-9).rounded(.up))
    }
}
