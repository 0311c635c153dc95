import ArgumentParser
import EMPCore
import EMPIndicators

struct Indicators: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the indicator catalogue: id, name, formula, unit, source standard."
    )

    @Flag(name: .long, help: "Print the catalogue as JSON.")
    var json = false

    func run() throws {
        if json {
            let doc = JSONValue.array(
                Catalogue.all.map { d in
                    .object([
                        ("id", .string(d.id)), ("name", .string(d.name)), ("formula", .string(d.formula)),
                        ("unit", .string(d.unit)), ("standard", .string(d.standard)),
                    ])
                })
            print(doc.render())
            return
        }
        for d in Catalogue.all {
            print("\(d.id)\n  \(d.name) [\(d.unit)]\n  = \(d.formula)\n  source: \(d.standard)\n")
        }
    }
}
