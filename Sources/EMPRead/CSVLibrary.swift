import CLibCSV

public enum CSVLibrary {
    /// The libcsv version emp was built against.
    public static var version: String { "\(CSV_MAJOR).\(CSV_MINOR).\(CSV_RELEASE)" }
}
