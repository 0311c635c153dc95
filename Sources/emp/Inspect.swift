import ArgumentParser
import EMPCore
import EMPInspect
import Foundation

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Look at a file never seen before: encoding, delimiter, header row, preamble, footer, layout, columns "
            + "with samples, and a source block for the pipeline file.",
        discussion:
            "Reads only the first 64 KiB and the last 8 KiB of the file. What it prints is a guess to check; a "
            + "pipeline never guesses."
    )

    @Argument(help: "The data file (CSV, TSV, SDMX-CSV, a World Bank or Eurostat download…).", completion: .file())
    var file: String

    func run() throws {
        let iso = try? ISOCodes.load()
        do {
            print(try FileInspector(path: file, iso: iso).inspect().report, terminator: "")
        } catch {
            Console.error("emp: \(error)")
            throw ExitCode(74)
        }
    }
}
