import ArgumentParser
import EMPCore
import EMPValidate

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the validation rules: id, kind, what each checks, the usual fix.",
        discussion: "Every problem in the quality report and the quarantine files names one of these rules."
    )

    @Flag(name: .long, help: "Print the rules as a JSON array.")
    var json = false

    @Flag(name: .long, help: "Print the Markdown table of the README (`make docs` writes it there).")
    var markdown = false

    func validate() throws {
        if json && markdown { throw ValidationError("--json and --markdown cannot be combined") }
    }

    func run() throws {
        let entries = RuleCatalogue.entries
        if markdown {
            print(RuleCatalogue.markdown)
        } else if json {
            let doc = JSONValue.array(
                entries.map { e in
                    .object([
                        ("id", .string(e.id)), ("kind", .string(e.kind)), ("checks", .string(e.checks)),
                        ("fix", .string(e.fix)),
                    ])
                })
            print(doc.render())
        } else {
            for e in entries { print("\(e.id) [\(e.kind)]\n  checks: \(e.checks)\n  fix: \(e.fix)\n") }
        }
    }
}
