#!/usr/bin/env python3
"""Turns an emp output folder (a run of pipelines/benchmark.yml) into the four files of the
peer benchmark's layout (../shared/bench/JOB.md §4), so compare.py can check emp against
the DuckDB peer.

    python3 bench/emp_to_job.py EMP_OUTPUT_DIR JOB_DIR

Everything comes from emp's own outputs: the profiles (ratios at full precision), the
indicator values and the quarantine file (rejects by the first offending column in JOB
order). emp writes shares as percentages; they are divided by 100 here.
"""
import csv
import glob
import json
import os
import sys

JOB_COLUMNS = ["country", "year", "direction", "partner", "sex", "age", "education", "duration_months",
               "sector", "occupation", "reason", "weight"]
REJECT_REASONS = ["field_count"] + JOB_COLUMNS
SHARES = [("female_share", "share_female_{flow}"), ("high_skill_share", "share_high_skilled_{who}"),
          ("long_term_share", "share_long_term_{flow}"), ("forced_share", "share_forced_{flow}"),
          ("care_worker_share", "share_care_workers_{who}")]
DIRECTIONS = [("in", "inflow", "imm", "imm_inflow"), ("out", "outflow", "emi", "emi_outflow")]


def values(profile, indicator):
    """An indicator's values, one dict per year, from the profile's series (schema 2: each
    series gives its breakdown once, then parallel arrays of years, values and flags)."""
    out = []
    for series in profile["indicators"].get(indicator, {}).get("series", []):
        keys = {k: v for k, v in series.items() if k not in ("time_period", "obs_value", "obs_status")}
        for year, value, status in zip(series["time_period"], series["obs_value"], series["obs_status"]):
            out.append(dict(keys, time_period=year, obs_value=value, obs_status=status))
    return out


def by_year(profile, indicator):
    return {v["time_period"]: v for v in values(profile, indicator) if v["obs_value"] is not None}


def money(v):
    return f"{v:.2f}"


def main():
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    ind, sec, cor = [], [], []
    for path in sorted(glob.glob(os.path.join(src, "profiles", "*.json"))):
        with open(path, encoding="utf-8") as f:
            p = json.load(f)
        country = p["ref_area"]
        for direction, flow, who, total_id in DIRECTIONS:
            totals = by_year(p, total_id)
            records = by_year(p, f"{total_id}_records")
            shares = {name: by_year(p, template.format(flow=flow, who=who)) for name, template in SHARES}
            for year in sorted(totals):
                row = [country, year, direction, int(records[year]["obs_value"]), money(totals[year]["obs_value"])]
                row += [repr(shares[name][year]["obs_value"] / 100) for name, _ in SHARES]
                ind.append(row)
            for v in values(p, f"sector_workers_{who}"):
                if v["obs_value"] is not None and v["time_period"] in totals:
                    sec.append([country, v["time_period"], direction, v["sector"], money(v["obs_value"])])
            for v in values(p, f"top_corridor_{total_id}"):
                if v["obs_value"] is not None:
                    cor.append([country, v["time_period"], direction, v["rank"], v["counterpart_area"], money(v["obs_value"])])
    ind.sort(key=lambda r: (r[0], r[1], r[2]))
    sec.sort(key=lambda r: (r[0], r[1], r[2], r[3]))
    cor.sort(key=lambda r: (r[0], r[1], r[2], r[3]))
    rejects = dict.fromkeys(REJECT_REASONS, 0)
    quarantine = os.path.join(src, "quality", "quarantine", "microdata.csv")
    if os.path.exists(quarantine):
        with open(quarantine, newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                columns = set(r["_column"].split(";"))
                if "ragged-row" in r["_rule"].split(";"):
                    rejects["field_count"] += 1
                else:
                    rejects[next(c for c in JOB_COLUMNS if c in columns)] += 1
    write(out, "indicators.csv", ["country", "year", "direction", "rows", "total", "female_share", "high_skill_share",
                                  "long_term_share", "forced_share", "care_worker_share"], ind)
    write(out, "sectors.csv", ["country", "year", "direction", "sector", "total"], sec)
    write(out, "corridors.csv", ["country", "year", "direction", "rank", "partner", "total"], cor)
    write(out, "rejects.csv", ["reason", "rows"], [[k, v] for k, v in rejects.items()])


def write(out, name, header, rows):
    with open(os.path.join(out, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


if __name__ == "__main__":
    main()
