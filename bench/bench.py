#!/usr/bin/env python3
"""`make bench`: emp against the peers of ../shared/bench on the same microdata files.

    python3 bench/bench.py [--sizes 1m,10m] [--pairs 3] [--shared ../shared]

For each size: makes the file with the peer generator if absent (/tmp/embench), runs the
DuckDB peer once for the reference output, converts emp's run of pipelines/benchmark.yml to
the peer layout and checks it with compare.py, then times emp, DuckDB and C+libcsv in
alternating rounds on the same warm file. emp's timed round is the case a nightly job meets,
a file the store has never seen: each round starts from no output folder and no store (removed
before the clock starts), so it reads the file, keeps it as a batch and makes a first
publication; `emp run --full` over the file the store already holds, and a plain re-run with
nothing changed, are timed beside it. Prints wall time (median), rows/s, MB/s, peak RSS
and the ratios emp/DuckDB and emp/C taken round by round. Exits non-zero if emp's results
do not match DuckDB's.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = "/tmp/embench"
ROWS = {"1m": 1_000_000, "10m": 10_000_000}


def real_world(emp, pairs):
    """pipelines/real-world.yml, the aggregate files most offices send, against the parse floor
    (bench/parse_floor.c: libcsv over the same files, counting fields): validate, a first run,
    --full, three nightly runs that each revise one value, and the store's size after them and
    after `emp prune --keep 1`."""
    pipeline = os.path.join(ROOT, "pipelines", "real-world.yml")
    text = open(pipeline, encoding="utf-8").read()
    files = sorted({os.path.normpath(os.path.join(os.path.dirname(pipeline), m))
                    for m in re.findall(r"^\s+path: (\S+)", text, re.M)})
    floor_bin = os.path.join(DATA, "parse_floor")
    subprocess.run(["gcc", "-O2", os.path.join(ROOT, "bench", "parse_floor.c"), "-lcsv", "-o", floor_bin], check=True)
    out = os.path.join(DATA, "out_real_world")
    store = out + ".emp.sqlite"
    tsv = os.path.join(ROOT, "datasets", "real-world", "eurostat-tsv-flags", "tps00177.tsv")
    run = [emp, "run", pipeline, "--output", out, "--quiet"]
    rows = {k: [] for k in ("floor", "validate", "first", "full", "nightly")}
    timed(["cat"] + files)
    for _ in range(pairs):
        rows["floor"].append(timed([floor_bin] + files))
        rows["validate"].append(timed([emp, "validate", pipeline, "--output", out + "-validation", "--quiet"]))
        fresh(out)
        rows["first"].append(timed(run))
        rows["full"].append(timed(run + ["--full"]))
    sizes = [os.path.getsize(store)]
    for night in (1, 2, 3):
        changed = os.path.join(DATA, f"tps00177-night{night}.tsv")
        lines = open(tsv, encoding="utf-8").read().split("\n")
        cells = lines[1].split("\t")
        value = cells[1].strip()
        cells[1] = cells[1].replace(value, str(int(value) + night), 1)
        lines[1] = "\t".join(cells)
        open(changed, "w", encoding="utf-8").write("\n".join(lines))
        rows["nightly"].append(timed(run + ["--source", f"eurostat_emigration={changed}"]))
        sizes.append(os.path.getsize(store))
    timed([emp, "prune", pipeline, "--output", out, "--keep", "1"])
    sizes.append(os.path.getsize(store))
    floor = statistics.median(w for w, _ in rows["floor"])
    print(f"\nreal-world: {len(files)} files, {sum(os.path.getsize(f) for f in files) / 1e6:.1f} MB")
    print("| run | wall s | peak MiB | × parse floor |")
    print("| --- | ---: | ---: | ---: |")
    names = {"floor": "libcsv parse only (C, the floor)", "validate": "`emp validate`", "first": "`emp run`, first run",
             "full": "`emp run --full`, nothing changed", "nightly": "`emp run`, one value revised (3 nights)"}
    for key, name in names.items():
        wall = statistics.median(w for w, _ in rows[key])
        peak = statistics.median(r for _, r in rows[key])
        print(f"| {name} | {wall:.2f} | {peak:.0f} | {wall / floor:.0f} |")
    print("store MB: first run " + ", ".join(f"{b / 1e6:.1f}" for b in sizes[:-1])
          + f" after each night; {sizes[-1] / 1e6:.1f} after `emp prune --keep 1`", flush=True)


def stores(emp, pairs):
    """The PostgreSQL store against SQLite (issue 17): a throw-away server on a loopback port
    (initdb in a temporary folder, run as the `postgres` user when this is root, stopped at
    the end), the benchmark pipeline over the 1M file and the real-world pipeline, each a first
    run into a new store and an unchanged re-run, alternating; the two releases are compared
    byte for byte (every file but run.json and .emp-release)."""
    import hashlib, socket, tempfile
    if not (shutil.which("initdb") and shutil.which("pg_ctl")):
        print("\nstores: no PostgreSQL server programs (initdb, pg_ctl) here: skipped")
        return
    root = tempfile.mkdtemp(prefix="emp-bench-pg-")
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_user:
        shutil.chown(root, "postgres")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    data = os.path.join(root, "data")
    subprocess.run(as_user + ["initdb", "-D", data, "-A", "trust", "-U", "emp"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(as_user + ["pg_ctl", "-D", data, "-l", os.path.join(root, "log"), "-w", "-o",
                              f"-k {root} -c listen_addresses=127.0.0.1 -p {port}", "start"],
                   check=True, stdout=subprocess.DEVNULL)

    def digest(folder):
        h = hashlib.sha256()
        for dirpath, _, names in sorted(os.walk(folder)):
            for n in sorted(names):
                if n not in ("run.json", ".emp-release"):
                    path = os.path.join(dirpath, n)
                    h.update(os.path.relpath(path, folder).encode() + open(path, "rb").read())
        return h.hexdigest()

    try:
        cases = [("benchmark, 1M rows", os.path.join(ROOT, "pipelines", "benchmark.yml"),
                  ["--source", f"microdata={os.path.join(DATA, '1m.csv')}"]),
                 ("real-world", os.path.join(ROOT, "pipelines", "real-world.yml"), [])]
        print("\n| pipeline | store | first run s | peak MiB | unchanged re-run s | same release |")
        print("| --- | --- | ---: | ---: | ---: | --- |")
        for name, pipeline, extra in cases:
            if extra and not os.path.exists(extra[1].split("=", 1)[1]):
                print(f"| {name} | — | (no {extra[1]}: run the 1m size first) | | | |")
                continue
            times = {"sqlite": [], "postgresql": []}
            again = {"sqlite": [], "postgresql": []}
            releases = {}
            for n in range(pairs):
                db = f"bench_{n}_{len(releases)}_{abs(hash(name)) % 10000}"
                subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "emp", "-d", "postgres", "-qc",
                                f"CREATE DATABASE {db}"], check=True, stdout=subprocess.DEVNULL)
                for kind, store in (("sqlite", os.path.join(DATA, "out_stores.emp.sqlite")),
                                    ("postgresql", f"postgresql://emp@127.0.0.1:{port}/{db}")):
                    out = os.path.join(DATA, "out_stores_" + kind)
                    fresh(out)
                    for f in (store, store + "-wal", store + "-shm"):
                        if kind == "sqlite" and os.path.exists(f):
                            os.remove(f)
                    run = [emp, "run", pipeline, "--output", out, "--store", store, "--quiet"] + extra
                    times[kind].append(timed(run))
                    again[kind].append(timed(run))
                    releases[kind] = digest(out)
            same = "yes" if releases["sqlite"] == releases["postgresql"] else "NO"
            for kind in ("sqlite", "postgresql"):
                wall = statistics.median(w for w, _ in times[kind])
                peak = statistics.median(r for _, r in times[kind])
                rerun = statistics.median(w for w, _ in again[kind])
                print(f"| {name} | {kind} | {wall:.2f} | {peak:.0f} | {rerun:.3f} | {same} |", flush=True)
            if same != "yes":
                sys.exit(f"{name}: the PostgreSQL release differs from the SQLite one")
    finally:
        subprocess.run(as_user + ["pg_ctl", "-D", data, "-m", "fast", "stop"], stdout=subprocess.DEVNULL)
        shutil.rmtree(root, ignore_errors=True)


def fresh(out):
    """No output folder and no store: the next emp run meets its file for the first time."""
    shutil.rmtree(out, ignore_errors=True)
    lock2 = os.path.join(DATA, ".emp-lock." + os.path.basename(out) + ".emp.sqlite")
    for f in (out + ".emp.sqlite", out + ".emp.sqlite.lock", out + ".emp.sqlite-wal", out + ".emp.sqlite-shm", lock2):
        if os.path.exists(f):
            os.remove(f)


def timed(cmd):
    """Wall seconds and peak RSS (MiB) of one whole process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{err}")
    return wall, usage.ru_maxrss / 1024


def ensure_python_packages():
    try:
        import duckdb  # noqa: F401
        import numpy  # noqa: F401
    except ImportError:
        print("installing numpy and duckdb for the peers (pip)", flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "numpy", "duckdb"], check=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1m,10m")
    ap.add_argument("--pairs", type=int, default=3)
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--real-world", choices=["yes", "no", "only"], default="yes",
                    help="also time pipelines/real-world.yml against the libcsv parse floor of its files")
    ap.add_argument("--stores", choices=["yes", "no", "only"], default="yes",
                    help="also time the PostgreSQL store against SQLite (a throw-away local server)")
    args = ap.parse_args()
    peers = os.path.join(os.path.abspath(args.shared), "bench")
    if not os.path.isdir(peers):
        sys.exit(f"{peers}: the peer benchmark is not there (it ships beside the project as ../shared)")
    ensure_python_packages()
    os.makedirs(DATA, exist_ok=True)
    emp = os.path.join(ROOT, ".build", "release", "emp")
    if args.stores == "only":
        stores(emp, args.pairs)
        return
    if args.real_world != "no":
        real_world(emp, args.pairs)
    if args.real_world == "only":
        return
    c_peer = os.path.join(DATA, "c_libcsv")
    if not os.path.exists(c_peer):
        subprocess.run(["gcc", "-O2", "-march=native", os.path.join(peers, "c_libcsv.c"), "-lcsv", "-o", c_peer], check=True)
    table = []
    ok = True
    for size in args.sizes.split(","):
        path = os.path.join(DATA, f"{size}.csv")
        if not os.path.exists(path):
            print(f"generating {path}", flush=True)
            subprocess.run([sys.executable, os.path.join(peers, "gen.py"), str(ROWS[size]), path], check=True)
        out = {k: os.path.join(DATA, f"out_{k}_{size}") for k in ("duckdb", "emp", "emp_job", "c")}
        for d in out.values():
            shutil.rmtree(d, ignore_errors=True)
        fresh(out["emp"])
        # A new file each round (no store, no output); --full: the file the store holds, read
        # and computed again; the re-run: nothing changed.
        rerun_emp = [emp, "run", os.path.join(ROOT, "pipelines", "benchmark.yml"), "--source", f"microdata={path}",
                     "--output", out["emp"], "--quiet"]
        run_emp = rerun_emp
        full_emp = rerun_emp + ["--full"]
        run_duck = [sys.executable, os.path.join(peers, "peer_duckdb.py"), path, out["duckdb"]]
        run_c = [c_peer, path, out["c"]]
        # Warm the page cache and make the reference outputs.
        timed(["cat", path])
        timed(run_duck)
        timed(run_emp)
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "emp_to_job.py"), out["emp"], out["emp_job"]], check=True)
        check = subprocess.run([sys.executable, os.path.join(peers, "compare.py"), out["duckdb"], out["emp_job"]],
                               capture_output=True, text=True)
        print(check.stdout.strip(), flush=True)
        ok &= check.returncode == 0
        runs = {"emp": [], "duckdb": [], "c": [], "full": [], "rerun": []}
        for _ in range(args.pairs):
            fresh(out["emp"])
            for name, cmd in (("emp", run_emp), ("duckdb", run_duck), ("c", run_c), ("full", full_emp),
                              ("rerun", rerun_emp)):
                runs[name].append(timed(cmd))
        mb = os.path.getsize(path) / 1e6
        wall = {k: statistics.median(w for w, _ in v) for k, v in runs.items()}
        rss = {k: statistics.median(r for _, r in v) for k, v in runs.items()}
        vs_duck = statistics.median(e[0] / d[0] for e, d in zip(runs["emp"], runs["duckdb"]))
        vs_c = statistics.median(e[0] / c[0] for e, c in zip(runs["emp"], runs["c"]))
        rerun = statistics.median(r[0] / e[0] for e, r in zip(runs["emp"], runs["rerun"]))
        full_duck = statistics.median(f[0] / d[0] for f, d in zip(runs["full"], runs["duckdb"]))
        table.append((size, ROWS[size], mb, wall, rss, vs_duck, vs_c, rerun, full_duck))
    print()
    print("| file | rows | MB | emp wall s | emp rows/s | emp MB/s | emp peak MiB | DuckDB wall s | DuckDB peak MiB "
          "| C+libcsv wall s | emp/DuckDB | emp/C | emp --full s | --full/DuckDB | emp no-change re-run s "
          "| re-run/new |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size, rows, mb, wall, rss, vs_duck, vs_c, rerun, full_duck in table:
        print(f"| {size}.csv | {rows:,} | {mb:.1f} | {wall['emp']:.3f} | {rows / wall['emp'] / 1e6:.2f} M | "
              f"{mb / wall['emp']:.0f} | {rss['emp']:.0f} | {wall['duckdb']:.3f} | {rss['duckdb']:.0f} | "
              f"{wall['c']:.3f} | {vs_duck:.2f} | {vs_c:.2f} | {wall['full']:.3f} | {full_duck:.2f} | "
              f"{wall['rerun']:.3f} | {rerun:.1%} |")
    print("\nemp's round is a new file: no store and no output before it (it reads the file, keeps the batch, "
          "computes every country and makes a first publication, the report included); --full reads the file the "
          "store holds and computes again; the re-run is a plain `emp run` with nothing changed.")
    print(f"(medians of {args.pairs} alternating rounds; ratios taken round by round; "
          f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f})")
    if args.stores == "yes":
        stores(emp, args.pairs)
    if not ok:
        sys.exit("emp's results differ from the DuckDB peer's")


if __name__ == "__main__":
    main()
