#!/usr/bin/env python3
"""The seed corpus of `make fuzz`: usage fuzz-corpus.py EMP-FUZZ OUT.

Inputs are a case byte and a file (see Sources/EMPFuzz/FuzzCases.swift). Seeds: the head
(under 4 KB, cut at a line end) of every file in datasets/ and of the frictionless fixtures,
behind each data case byte; the pipelines of pipelines/ behind the loader byte; and each data
case's own pipeline, a NUL and each head behind the loader byte (the loader and a file together)."""
import os
import subprocess
import sys
import tempfile

HEAD = 4000  # under libFuzzer's -max_len=4096 with the case byte and a pipeline in front

fuzz, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
with tempfile.TemporaryDirectory() as tmp:
    env = dict(os.environ, EMP_FUZZ_WRITE_PIPELINES=tmp)
    subprocess.run([fuzz], env=env, check=True, stdout=subprocess.DEVNULL)
    cases = sorted((f for f in os.listdir(tmp) if f.startswith("case-")), key=lambda f: int(f[5:-4]))
    pipelines = [open(os.path.join(tmp, f), "rb").read() for f in cases]
loader = len(pipelines)


def head(path):
    data = open(path, "rb").read(HEAD)
    if len(data) == HEAD and b"\n" in data:
        data = data[: data.rindex(b"\n") + 1]
    return data


files = []
for root in ("datasets", "Tests/EMPEndToEndTests/Fixtures/frictionless"):
    for folder, _, names in os.walk(root):
        files += [os.path.join(folder, n) for n in sorted(names) if n.endswith((".csv", ".tsv"))]
heads = [head(f) for f in sorted(files)]
seeds = []
for data in heads:
    seeds += [bytes([case]) + data for case in range(loader)]
    seeds += [bytes([loader]) + p + b"\0" + data[: max(0, HEAD - len(p))] for p in pipelines]
for folder, _, names in os.walk("pipelines"):
    seeds += [bytes([loader]) + open(os.path.join(folder, n), "rb").read() for n in sorted(names) if n.endswith(".yml")]
for i, seed in enumerate(seeds):
    with open(os.path.join(out, f"seed-{i:05d}"), "wb") as f:
        f.write(seed)
print(f"{len(seeds)} seeds from {len(files)} files and {loader} cases in {out}")
