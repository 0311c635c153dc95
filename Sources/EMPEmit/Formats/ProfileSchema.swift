/// The JSON Schema (draft 2020-12) of `profiles/<ISO3>.json`, shipped in every release as
/// `schemas/profile.schema.json` so a reader can validate a profile without emp.
enum ProfileSchema {
    static let path = "schemas/profile.schema.json"

    static let text = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "profile.schema.json",
          "title": "emp migration profile of one country",
          "description": "Every indicator emp computed for one country: each series from its first value to its last.",
          "type": "object",
          "required": ["schema", "schema_version", "emp_version", "ref_area", "name", "years", "coverage", "indicators"],
          "additionalProperties": false,
          "properties": {
            "schema": { "const": "schemas/profile.schema.json" },
            "schema_version": { "const": 2 },
            "emp_version": { "type": "string", "description": "The emp that computed the profile." },
            "ref_area": { "type": "string", "pattern": "^[A-Z]{3}$", "description": "ISO 3166-1 alpha-3." },
            "name": { "type": "string", "description": "The country's name (iso-codes)." },
            "years": { "$ref": "#/$defs/years", "description": "Every year the country's data cover." },
            "coverage": {
              "type": "object",
              "description": "Per domain, the years with data.",
              "additionalProperties": { "$ref": "#/$defs/years" }
            },
            "indicators": {
              "type": "object",
              "description": "By indicator id (see `emp indicators`).",
              "additionalProperties": { "$ref": "#/$defs/indicator" }
            }
          },
          "$defs": {
            "years": { "type": "array", "items": { "type": "integer", "minimum": 1900, "maximum": 2100 } },
            "code": { "type": "string", "minLength": 1 },
            "indicator": {
              "type": "object",
              "required": ["name", "unit_measure", "unit_label", "standard", "series"],
              "additionalProperties": false,
              "properties": {
                "name": { "type": "string" },
                "unit_measure": { "enum": ["PS", "USD", "PT", "PP", "PER_1000", "PER_100000", "PER_1000_EMI", "USD_PER_PS", "COUNT", "RATIO"] },
                "unit_label": { "type": "string" },
                "standard": { "type": "string", "description": "The definition or source it follows." },
                "series": { "type": "array", "minItems": 1, "items": { "$ref": "#/$defs/series" } }
              }
            },
            "series": {
              "type": "object",
              "description": "One breakdown (totals are left out); the three arrays run in parallel, one item per year.",
              "required": ["time_period", "obs_value", "obs_status"],
              "additionalProperties": false,
              "properties": {
                "sex": { "$ref": "#/$defs/code" },
                "sex_label": { "type": "string" },
                "counterpart_area": { "$ref": "#/$defs/code" },
                "counterpart_area_label": { "type": "string" },
                "sector": { "$ref": "#/$defs/code" },
                "sector_label": { "type": "string" },
                "rank": { "type": "integer", "minimum": 1 },
                "time_period": { "$ref": "#/$defs/years", "minItems": 1 },
                "obs_value": { "type": "array", "items": { "type": ["number", "null"] } },
                "obs_status": {
                  "type": "array",
                  "description": "SDMX CL_OBS_STATUS: A normal, B break, E estimated, P provisional, O missing, M cannot exist...",
                  "items": { "type": "string", "pattern": "^[A-Z]$" }
                }
              }
            }
          }
        }

        """
}
