import EMPCore

/// A Frictionless Table Schema: what a CSV of the release holds, field by field, so a client
/// (frictionless, pandas, Polars, a database loader) reads it with the right types instead of
/// guessing from its first rows.
public struct TableSchema: Sendable {
    public struct Field: Sendable {
        public var name: String
        public var type: String
        public var description: String
        /// Allowed values (`enum` constraint), when the field is a code list emp knows whole.
        public var values: [String]?
        public var pattern: String?
        public var required = false

        public init(
            _ name: String, _ type: String, _ description: String, values: [String]? = nil,
            pattern: String? = nil, required: Bool = false
        ) {
            (self.name, self.type, self.description, self.values) = (name, type, description, values)
            (self.pattern, self.required) = (pattern, required)
        }
    }

    public var fields: [Field]
    public var primaryKey: [String]

    public init(fields: [Field], primaryKey: [String] = []) { (self.fields, self.primaryKey) = (fields, primaryKey) }

    var json: JSONValue {
        var schema: [(String, JSONValue)] = [
            (
                "fields",
                .array(
                    fields.map { f in
                        var constraints: [(String, JSONValue)] = []
                        if f.required { constraints.append(("required", .bool(true))) }
                        if let values = f.values { constraints.append(("enum", .array(values.map { .string($0) }))) }
                        if let pattern = f.pattern { constraints.append(("pattern", .string(pattern))) }
                        var field: [(String, JSONValue)] = [
                            ("name", .string(f.name)), ("type", .string(f.type)),
                            ("description", .string(f.description)),
                        ]
                        if !constraints.isEmpty { field.append(("constraints", .object(constraints))) }
                        return .object(field)
                    })
            ),
            ("missingValues", .array([.string("")])),
        ]
        if !primaryKey.isEmpty { schema.append(("primaryKey", .array(primaryKey.map { .string($0) }))) }
        return .object(schema)
    }
}

/// The fields several tables share.
public enum SharedFields {
    public static func refArea(_ name: String = "ref_area") -> TableSchema.Field {
        .init(name, "string", "reporting country, ISO 3166-1 alpha-3", pattern: "^[A-Z]{3}$", required: true)
    }

    public static let indicator = TableSchema.Field(
        "indicator", "string", "indicator id (`emp indicators` lists them)", pattern: "^[a-z0-9_]+$", required: true)
    public static let sex = TableSchema.Field(
        "sex", "string", "SDMX CL_SEX: F, M, _T total, _U unknown",
        values: ["F", "M", "_T", "_U"], required: true)
    public static let counterpart = TableSchema.Field(
        "counterpart_area", "string", "partner country (ISO 3166-1 alpha-3) or _T all partners",
        pattern: "^([A-Z]{3}|_T)$", required: true)
    public static let sector = TableSchema.Field(
        "sector", "string", "ISIC Rev.4 section, _Z not applicable, _T all, _U unknown",
        pattern: "^([A-U]|_Z|_T|_U)$", required: true)
    public static let rank = TableSchema.Field(
        "rank", "string", "rank of a top corridor (1 is the largest), _Z otherwise", pattern: "^([0-9]+|_Z)$",
        required: true)
    public static let year = TableSchema.Field("time_period", "integer", "the year", required: true)

    public static func unit(_ name: String = "unit_measure", units: [String]) -> TableSchema.Field {
        .init(name, "string", "unit (SDMX CL_UNIT_MEASURE-style code)", values: units)
    }

    /// `labels`: the shipped CL_OBS_STATUS list gives the allowed flags.
    public static func status(
        _ name: String = "obs_status", labels: CodeLabels, required: Bool = true
    ) -> TableSchema.Field {
        .init(
            name, "string",
            "SDMX CL_OBS_STATUS flag (A normal, B break, E estimated, P provisional, O missing, "
                + "M cannot exist…)", values: (labels.codes["obs_status"] ?? [:]).keys.sorted(), required: required)
    }

    /// SDMX CL_CONF_STATUS: F free, C withheld (too few records), D withheld to protect a C value.
    public static func confidentiality(_ name: String = "conf_status") -> TableSchema.Field {
        .init(
            name, "string",
            "SDMX CL_CONF_STATUS (F free; C confidential: built from too few microdata records; D secondary: "
                + "withheld so that no C value can be derived)", values: Confidentiality.names.map(\.0).sorted(),
            required: true)
    }

    /// The unit codes of the release's vocabulary.
    public static func units(_ labels: CodeLabels) -> [String] { (labels.codes["unit_measure"] ?? [:]).keys.sorted() }
}
