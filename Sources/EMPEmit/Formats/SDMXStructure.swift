import EMPCore
import EMPIndicators

/// `sdmx/structure.xml`: an SDMX-ML 2.1 structure message with everything a client needs to
/// read `sdmx/data.csv`: the dataflow, its data structure definition, the code list of every
/// coded component and the concepts they stand for.
///
/// The code lists are the full lists emp can write (every ISO 3166-1 country, every catalogue
/// indicator, every shipped flag and unit), not only the codes one release uses: the
/// structure then changes only when emp's lists do, so a structure loaded once into .Stat
/// Suite takes every later release, and a country that joins needs no new structure.
/// Every artefact is maintained by the pipeline's agency, at its version, and not final
/// (`isFinal="false"`), so a new emp with more codes can replace it; the cross-domain lists
/// (flags, units) are emp's own copies rather than references to SDMX's, which a registry
/// may already hold under the same id with other texts.
struct SDMXStructure {
    let release: ReleaseLayout
    var settings: SDMXSettings { SDMXSettings(release.settings) }
    static let conceptScheme = "CS_EMP"

    /// A coded or uncoded component of the data structure.
    struct Component {
        var id: String
        var concept: String
        var codelist: String?
        var textType: String?
    }

    static let dimensions = [
        Component(id: "REF_AREA", concept: "Reference area", codelist: "CL_AREA"),
        Component(id: "INDICATOR", concept: "Indicator", codelist: "CL_INDICATOR"),
        Component(id: "SEX", concept: "Sex", codelist: "CL_SEX"),
        Component(id: "COUNTERPART_AREA", concept: "Counterpart area (partner country)", codelist: "CL_AREA"),
        Component(id: "SECTOR", concept: "Economic activity (ISIC Rev.4 section)", codelist: "CL_SECTOR"),
    ]
    static let time = Component(id: "TIME_PERIOD", concept: "Time period", textType: "ObservationalTimePeriod")
    static let measure = Component(id: "OBS_VALUE", concept: "Observation value", textType: "Double")
    /// Attributes with whether every observation must carry one.
    static let attributes: [(Component, mandatory: Bool)] = [
        (Component(id: "OBS_STATUS", concept: "Observation status", codelist: "CL_OBS_STATUS"), true),
        (Component(id: "CONF_STATUS", concept: "Confidentiality status", codelist: "CL_CONF_STATUS"), true),
        (Component(id: "UNIT_MEASURE", concept: "Unit of measure", codelist: "CL_UNIT_MEASURE"), true),
        (Component(id: "UNIT_MULT", concept: "Unit multiplier", codelist: "CL_UNIT_MULT"), true),
        (Component(id: "RANK", concept: "Rank of the partner among the top corridors", textType: "Integer"), false),
    ]

    /// The message. Its header's `Prepared` (required by SDMX-ML 2.1) is a fixed instant, the
    /// epoch, not the time of the run: a release's files depend on its inputs only (identical
    /// inputs give identical bytes, and the store tells an unchanged release by them); when
    /// the release was made is in `run.json`.
    func message() -> String {
        var x = XMLWriter()
        x.line("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        x.open(
            "mes:Structure",
            [
                ("xmlns:mes", "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"),
                ("xmlns:str", "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure"),
                ("xmlns:com", "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common"),
            ])
        x.open("mes:Header")
        x.leaf("mes:ID", text: "\(settings.dsd)_STRUCTURE")
        x.leaf("mes:Test", text: "false")
        x.leaf("mes:Prepared", text: "1970-01-01T00:00:00Z")
        // A sender's id has no dots: a nested agency (IOM.MD) sends as itself (MD).
        x.leaf("mes:Sender", [("id", String(settings.agency.split(separator: ".").last ?? "EMP"))])
        x.close("mes:Header")
        x.open("mes:Structures")
        // In the order of the SDMX-ML 2.1 schema's StructuresType.
        dataflow(&x)
        codelists(&x)
        concepts(&x)
        dataStructure(&x)
        x.close("mes:Structures")
        x.close("mes:Structure")
        return x.text
    }

    func maintainable(_ id: String) -> [(String, String)] {
        [("id", id), ("agencyID", settings.agency), ("version", settings.version), ("isFinal", "false")]
    }

    func dataflow(_ x: inout XMLWriter) {
        x.open("str:Dataflows")
        x.open("str:Dataflow", maintainable(settings.dataflow))
        x.name("Extended Migration Profile indicators")
        x.open("str:Structure")
        x.leaf("Ref", reference(settings.dsd, package: "datastructure", class: "DataStructure"))
        x.close("str:Structure")
        x.close("str:Dataflow")
        x.close("str:Dataflows")
    }

    func reference(_ id: String, package: String, class kind: String) -> [(String, String)] {
        [
            ("id", id), ("agencyID", settings.agency), ("version", settings.version), ("package", package),
            ("class", kind),
        ]
    }

    func codelists(_ x: inout XMLWriter) {
        let labels = release.labels
        func codes(_ dimension: String) -> [(String, String, String?)] {
            (labels.codes[dimension] ?? [:]).map { ($0.key, $0.value, nil) }
        }
        let lists: [(String, String, [(String, String, String?)])] = [
            ("CL_AREA", "Countries (ISO 3166-1 alpha-3) and totals", labels.countries.map { ($0.key, $0.value, nil) }),
            (
                "CL_CONF_STATUS", "Confidentiality status (SDMX CL_CONF_STATUS)",
                Confidentiality.names.map { ($0.0, $0.1, nil) }
            ),
            ("CL_INDICATOR", "Indicators of the Extended Migration Profile", indicatorCodes()),
            ("CL_OBS_STATUS", "Observation status (SDMX CL_OBS_STATUS)", codes("obs_status")),
            ("CL_SECTOR", "Economic activity (ISIC Rev.4 sections) and totals", codes("sector")),
            ("CL_SEX", "Sex (SDMX CL_SEX)", codes("sex")),
            ("CL_UNIT_MEASURE", "Units of measure", codes("unit_measure")),
            ("CL_UNIT_MULT", "Unit multiplier (SDMX CL_UNIT_MULT)", [("0", "Units", nil)]),
        ]
        x.open("str:Codelists")
        for (id, name, items) in lists {
            x.open("str:Codelist", maintainable(id))
            x.name(name)
            for (code, label, description) in items.sorted(by: { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }) {
                x.open("str:Code", [("id", code)])
                x.name(label.isEmpty ? code : label)
                if let description { x.leaf("com:Description", [("xml:lang", "en")], text: description) }
                x.close("str:Code")
            }
            x.close("str:Codelist")
        }
        x.close("str:Codelists")
    }

    /// What a placeholder of the catalogue stands for, as a reader would say it: an indicator
    /// by its name (`emi_stock`: emigrant stock (diaspora)), else as written (`inflow`).
    static func variantName(_ v: String) -> String {
        let names = ["imm": "immigrants", "emi": "emigrants", "remit_in": "personal remittances received"]
        return names[v] ?? Catalogue.definition(of: v)?.name.lowercased() ?? v
    }

    /// Every id the tables can hold, named after its catalogue entry (with what its
    /// placeholder stands for) and described by its formula and standard.
    func indicatorCodes() -> [(String, String, String?)] {
        Catalogue.tableIDs.map { t in
            let name = t.variant.map { "\(t.definition.name): \(Self.variantName($0))" } ?? t.definition.name
            return (t.id, name, "\(t.definition.formula). Standard: \(t.definition.standard)")
        }
    }

    func concepts(_ x: inout XMLWriter) {
        x.open("str:Concepts")
        x.open("str:ConceptScheme", maintainable(Self.conceptScheme))
        x.name("Concepts of the Extended Migration Profile")
        for c in Self.dimensions + [Self.time, Self.measure] + Self.attributes.map(\.0) {
            x.open("str:Concept", [("id", c.id)])
            x.name(c.concept)
            x.close("str:Concept")
        }
        x.close("str:ConceptScheme")
        x.close("str:Concepts")
    }

    func dataStructure(_ x: inout XMLWriter) {
        x.open("str:DataStructures")
        x.open("str:DataStructure", maintainable(settings.dsd))
        x.name("Extended Migration Profile indicators")
        x.open("str:DataStructureComponents")
        x.open("str:DimensionList", [("id", "DimensionDescriptor")])
        for (i, d) in Self.dimensions.enumerated() { component(d, "str:Dimension", [("position", "\(i + 1)")], &x) }
        component(Self.time, "str:TimeDimension", [("position", "\(Self.dimensions.count + 1)")], &x)
        x.close("str:DimensionList")
        x.open("str:AttributeList", [("id", "AttributeDescriptor")])
        for (a, mandatory) in Self.attributes {
            // Every attribute belongs to the observation: SDMX-CSV repeats it on each row anyway.
            component(a, "str:Attribute", [("assignmentStatus", mandatory ? "Mandatory" : "Conditional")], &x) {
                $0.open("str:AttributeRelationship")
                $0.open("str:PrimaryMeasure")
                $0.leaf("Ref", [("id", Self.measure.id)])
                $0.close("str:PrimaryMeasure")
                $0.close("str:AttributeRelationship")
            }
        }
        x.close("str:AttributeList")
        x.open("str:MeasureList", [("id", "MeasureDescriptor")])
        component(Self.measure, "str:PrimaryMeasure", [], &x)
        x.close("str:MeasureList")
        x.close("str:DataStructureComponents")
        x.close("str:DataStructure")
        x.close("str:DataStructures")
    }

    /// A component: its concept, its representation (a code list or a text format), then
    /// whatever the kind of component adds (an attribute's relationship).
    func component(
        _ c: Component, _ tag: String, _ extra: [(String, String)], _ x: inout XMLWriter,
        then more: (inout XMLWriter) -> Void = { _ in }
    ) {
        x.open(tag, [("id", c.id)] + extra)
        x.open("str:ConceptIdentity")
        x.leaf(
            "Ref",
            [
                ("id", c.id), ("maintainableParentID", Self.conceptScheme),
                ("maintainableParentVersion", settings.version), ("agencyID", settings.agency),
                ("package", "conceptscheme"), ("class", "Concept"),
            ])
        x.close("str:ConceptIdentity")
        x.open("str:LocalRepresentation")
        if let list = c.codelist {
            x.open("str:Enumeration")
            x.leaf("Ref", reference(list, package: "codelist", class: "Codelist"))
            x.close("str:Enumeration")
        } else if let type = c.textType {
            x.leaf("str:TextFormat", [("textType", type)])
        }
        x.close("str:LocalRepresentation")
        more(&x)
        x.close(tag)
    }
}

/// Indented XML, built line by line; text and attribute values are escaped.
struct XMLWriter {
    private(set) var text = ""
    private var depth = 0

    mutating func line(_ s: String) { text += String(repeating: "  ", count: depth) + s + "\n" }

    mutating func open(_ tag: String, _ attributes: [(String, String)] = []) {
        line("<\(tag)\(Self.render(attributes))>")
        depth += 1
    }

    mutating func close(_ tag: String) {
        depth -= 1
        line("</\(tag)>")
    }

    mutating func leaf(_ tag: String, _ attributes: [(String, String)] = [], text: String? = nil) {
        guard let text else { return line("<\(tag)\(Self.render(attributes))/>") }
        line("<\(tag)\(Self.render(attributes))>\(Self.escape(text))</\(tag)>")
    }

    /// An artefact's or item's English name.
    mutating func name(_ s: String) { leaf("com:Name", [("xml:lang", "en")], text: s) }

    static func render(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
    }

    static func escape(_ s: String) -> String { XMLText.escape(s) }
}
