/// Annual average exchange rates (units of a currency per 1 USD), from the pipeline's `fx`
/// reference source, used to convert remittances to USD.
public struct ExchangeRates: Sendable {
    public struct Key: Hashable, Sendable { public var currency: String; public var year: Int }
    public private(set) var rates: [Key: (rate: Double, status: ObsStatus)] = [:]

    public init() {}

    public mutating func set(_ currency: String, _ year: Int, rate: Double, status: ObsStatus) {
        rates[Key(currency: currency, year: year)] = (rate, status)
    }

    public func rate(_ currency: String, _ year: Int) -> (rate: Double, status: ObsStatus)? {
        if currency == "USD" { return (1, .normal) }
        return rates[Key(currency: currency, year: year)]
    }
}
