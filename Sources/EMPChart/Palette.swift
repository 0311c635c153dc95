/// The colours of the charts. Series take the Okabe–Ito palette in order: its eight colours
/// stay apart for the common colour-vision deficiencies (and in greyscale print, mostly).
/// The greys of text and rules are chosen to keep the data the darkest, most saturated ink.
enum Palette {
    static let series = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

    /// The colour of the series at `index`; past eight series the palette repeats.
    static func color(_ index: Int) -> String {
        series[index % series.count]
    }

    /// Labels, the zero line, mark symbols in the legend.
    static let ink = "#333333"
    /// The source note and other secondary text.
    static let muted = "#595959"
    /// Gridlines: visible but lighter than any series.
    static let grid = "#DDDDDD"
    /// The vertical line of a break in series.
    static let breakLine = "#767676"
    /// The inside of hollow markers, so a marker reads as hollow over a line or gridline.
    static let background = "#FFFFFF"
}
