import Foundation

/// The small code lists shipped with emp (ISCED, ISIC, ISCO, SDMX) are resources of this
/// module, beside the model they describe. The model reads no CSV itself: libcsv is EMPRead's,
/// above it, so the lists are parsed in EMPValidate (`CodeLists`), which uses them.
public enum CodeListFiles {
    /// The path of a shipped list, `name` without `.csv`.
    public static func path(_ name: String) -> String {
        guard
            let url = Bundle.module.url(forResource: "CodeLists/\(name)", withExtension: "csv")
                ?? Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "CodeLists")
        else {
            preconditionFailure("emp is installed without its code list \(name).csv (a packaging bug)")
        }
        return url.path
    }
}
