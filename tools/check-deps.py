#!/usr/bin/env python3
"""Every module imports only what Package.swift declares for it (`make lint`).

Reads the package as `swift package dump-package` describes it and each target's sources;
prints each undeclared import and exits 1, else prints nothing and exits 0."""
import json
import os
import re
import subprocess
import sys

# Modules of the toolchain and system, and the system library GRDB re-exports.
SYSTEM = {"Foundation", "FoundationXML", "Glibc", "Testing", "Dispatch", "XCTest", "SQLite3", "GRDBSQLite"}

package = json.loads(subprocess.check_output(["swift", "package", "dump-package"], stderr=subprocess.DEVNULL))
problems = []
for target in package["targets"]:
    name = target["name"]
    path = target.get("path") or ("Tests/" if target["type"] == "test" else "Sources/") + name
    declared = {ref[kind][0] for ref in target["dependencies"] for kind in ("byName", "target", "product") if kind in ref}
    for root, _, files in os.walk(path):
        for f in sorted(files):
            if not f.endswith(".swift"):
                continue
            text = open(os.path.join(root, f), encoding="utf-8").read()
            for module in re.findall(r"^(?:@testable |@_exported )?import (\w+)", text, re.M):
                if module not in SYSTEM | declared | {name}:
                    problems.append(f"{os.path.join(root, f)}: imports {module}, which Package.swift does not list for {name}")
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
