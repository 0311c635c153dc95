import EMPChart
import Foundation
import Testing

/// Charts with realistic data for a person to look at: written to the folder named by
/// EMP_CHART_SAMPLES (`EMP_CHART_SAMPLES=/tmp/chart-samples swift test --filter SampleCharts`),
/// checked for well-formedness always.
@Suite struct SampleCharts {
    static let folder = ProcessInfo.processInfo.environment["EMP_CHART_SAMPLES"]

    func write(_ name: String, _ svg: String) throws {
        expectWellFormedChart(svg, id: name)
        guard let folder = Self.folder else { return }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try svg.write(toFile: "\(folder)/\(name).svg", atomically: true, encoding: .utf8)
    }

    @Test func lineChartOfFlows() throws {
        let years = years(2004...2024)
        let immigration: [Double?] = years.indices.map { 21_000 + Double($0 * $0) * 95 + Double($0 % 4) * 1_800 }
        var emigration: [Double?] = years.indices.map { 26_000 - Double($0) * 420 }
        emigration[7] = nil
        let net: [Double?] = zip(immigration, emigration).map { i, e in e.map { i! - $0 } }
        var flags = years.map { _ in "A" }
        flags[10] = "B"
        flags[20] = "P"
        let series = [
            ChartSeries(label: "Immigration", values: immigration, flags: flags),
            ChartSeries(label: "Emigration", values: emigration, flags: flags),
            ChartSeries(label: "Net migration", values: net, flags: flags),
        ]
        let text = ChartText(
            id: "line", title: "Migration flows", unit: "Persons",
            source:
                "Source: national statistical institute, population register; 2014: new register (break in series).",
            description: "Immigration, emigration and net migration, 2004–2024.", marks: breakAndProvisional,
            format: grouped)
        try write("line", Chart.line(categories: years, series: series, text: text))
    }

    @Test func stackedBarsOfShares() throws {
        let years = years(2015...2024)
        let eu = years.indices.map { Double?(48 - Double($0) * 1.5) }
        let nonEU = years.indices.map { Double?(40 + Double($0) * 1.2) }
        let unknown = zip(eu, nonEU).map { Double?(100 - $0! - $1!) }
        var flags = years.map { _ in "A" }
        flags[9] = "P"
        let series = [
            ChartSeries(label: "EU citizens", values: eu, flags: flags),
            ChartSeries(label: "Non-EU citizens", values: nonEU, flags: flags),
            ChartSeries(label: "Citizenship unknown", values: unknown, flags: flags),
        ]
        let text = ChartText(
            id: "stacked", title: "Immigrants by citizenship", unit: "% of immigrants", source: "Source: test data",
            description: "Shares of immigrants by citizenship group.", marks: breakAndProvisional, format: grouped)
        try write("stacked", Chart.stackedBars(categories: years, series: series, text: text))
    }

    @Test func barsOfCorridors() throws {
        let countries = [
            ("Germany", 31.2), ("United Kingdom of Great Britain and Northern Ireland", 18.4), ("France", 12.9),
            ("United States of America", 9.3), ("Italy", 5.1), ("Spain", 2.2),
        ]
        let bars = countries.map { ChartBar(label: $0.0, value: $0.1, note: "\(grouped($0.1))%") }
        let text = ChartText(
            id: "bars", title: "Main destinations of emigrants", unit: "% of emigrants", source: "Source: test data",
            description: "The six main destination countries.", format: grouped)
        try write("bars", Chart.bars(bars, text: text))
    }

    /// The hard case: eight series with long names, forty quarters, values either side of zero.
    @Test func crowdedLineChart() throws {
        let quarters = (2015...2024).flatMap { year in (1...4).map { "\(year)Q\($0)" } }
        let series = (0..<8).map { n in
            ChartSeries(
                label: "Citizens of country group number \(n + 1)",
                values: quarters.indices.map { Double((($0 * (n + 3)) % 17) - 5) * 1_250.5 },
                flags: quarters.indices.map { $0 == 30 ? "B" : $0 == 39 ? "E" : "A" })
        }
        let marks: [(flag: String, label: String)] = [("B", "Break in series"), ("E", "Estimated value")]
        let text = ChartText(
            id: "crowded", title: "Net migration by citizenship", unit: "Persons, thousands",
            source: String(repeating: "A long source note that has to wrap over lines. ", count: 4),
            description: "Eight series over forty quarters.", marks: marks, format: grouped)
        try write("crowded", Chart.line(categories: quarters, series: series, text: text))
    }

    @Test func emptyBars() throws {
        let text = ChartText(
            id: "empty", title: "No corridors", unit: "%", source: "Source: test data", description: "Nothing.",
            format: grouped)
        try write("empty", Chart.bars([], text: text))
    }
}
