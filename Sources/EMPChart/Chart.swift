/// SVG charts for the HTML report: a line chart (trends), stacked bars (composition by year)
/// and horizontal bars (corridors). Each chart is one self-contained `<svg>` element with an
/// accessible `<title>` and `<desc>`, its text escaped, a colour-blind-safe palette, and the
/// flagged points (a break in series, a provisional value…) marked on it. It knows nothing of
/// indicators: the report hands it categories, values and the words to print.

/// One line (or one stacked segment) of a chart: a value per category, nil where missing,
/// and the SDMX flag of each value ("A", "B", "P"…), parallel to the categories.
public struct ChartSeries: Sendable, Equatable {
    public var label: String
    public var values: [Double?]
    public var flags: [String]

    public init(label: String, values: [Double?], flags: [String]) {
        (self.label, self.values, self.flags) = (label, values, flags)
    }
}

/// The words and number format of a chart, in the report's language.
public struct ChartText: Sendable {
    /// Unique within a page (the ids of the `<title>` and `<desc>` elements derive from it).
    public var id: String
    public var title: String
    /// The unit of the value axis ("Persons", "% of GDP").
    public var unit: String
    /// The source note under the chart.
    public var source: String
    /// What the chart shows, for screen readers (`<desc>`).
    public var description: String
    /// The flags marked on the chart, each with its legend text, in legend order
    /// (e.g. B "Break in series", P "Provisional value"); other flags are not marked.
    public var marks: [(flag: String, label: String)]
    /// Formats a tick or value label ("12,345.6" / "12 345,6").
    public var format: @Sendable (Double) -> String

    public init(
        id: String, title: String, unit: String, source: String, description: String,
        marks: [(flag: String, label: String)] = [], format: @escaping @Sendable (Double) -> String
    ) {
        (self.id, self.title, self.unit, self.source, self.description) = (id, title, unit, source, description)
        (self.marks, self.format) = (marks, format)
    }
}

/// One horizontal bar: a label, its value and the text printed at its end ("32.1%").
public struct ChartBar: Sendable, Equatable {
    public var label: String
    public var value: Double
    public var note: String

    public init(label: String, value: Double, note: String) {
        (self.label, self.value, self.note) = (label, value, note)
    }
}

public enum Chart {
    /// Lines over the categories (years), one per series, a legend when more than one.
    /// 640 × 320. The value axis spans 0 and every value with nice ticks; a nil value breaks
    /// the line. A point flagged "B" (in `text.marks`) gets a dashed vertical line at its
    /// category and a hollow diamond; another marked flag a hollow shape of its own (circle,
    /// square, triangle…) reached by a dashed segment; the legend lists the marks that occur.
    /// No drawable value at all gives the frame with a "–".
    public static func line(categories: [String], series: [ChartSeries], text: ChartText) -> String {
        LineChart(categories: categories, series: series, text: text).render()
    }

    /// Bars per category stacked from the series' values (shares summing to at most 100).
    /// 640 × 320, axis 0…100 unless a stack exceeds it; nil counts as 0, a category without
    /// any value has no bar, negative values are drawn as 0. A bar with a marked value has its
    /// flag letter(s) above it, explained in the legend.
    public static func stackedBars(categories: [String], series: [ChartSeries], text: ChartText) -> String {
        StackedBarChart(categories: categories, series: series, text: text).render()
    }

    /// Horizontal bars, largest first as given. 640 wide, 24 high per bar plus caption and
    /// source; labels cut at 28 characters, the longest bar filling the room left by labels
    /// and notes. No bars gives the frame with a "–".
    public static func bars(_ bars: [ChartBar], text: ChartText) -> String {
        BarChart(bars: bars, text: text).render()
    }

    /// The colours series take, in order (Okabe–Ito): for a table or key beside a chart to
    /// match it.
    public static var palette: [String] { Palette.series }
}
