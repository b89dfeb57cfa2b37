#!/usr/bin/env python3
"""SkyCut's CSV conversions against the CSV readers a user compares them with, on the same
files in one interleaved run (REPS rounds, medians), each a whole process unless marked
in-process:

- skycut CSV → CSV, CSV → FITS, FITS → CSV, FITS → FITS (the cut at RADIUS);
- `python3 -c "pandas.read_csv(...)"` (whole process) and pandas.read_csv / pyarrow's
  read_csv timed inside one Python process;
- the pandas + cKDTree + astropy script (csv_peer.py) doing the same CSV → FITS cut.

    csv_bench.py SKYCUT OBJECTS.csv OBJECTS.fits CONTAMINANTS.fits RADIUS_DEG

Every run writes a new file: the last round's outputs are deleted first, untimed.

With BEFORE=path/to/an/older/skycut, that binary's conversions run in the same rounds. With
BENCH=path/to/skycut-bench (the Benchmarks package's), SkyCut's in-memory read of the CSV
(`Catalogue.read`, every column typed, as pandas reads it; the median of 3 inside one
process) runs in the same rounds too, for the read against pandas.read_csv in-process.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

skycut, objects_csv, objects_fits, contaminants, radius = sys.argv[1:6]
reps = int(os.environ.get("REPS", "3"))
here = os.path.dirname(os.path.abspath(__file__))
scratch = tempfile.mkdtemp()


def cut(source, target, binary=skycut):
    return [binary, source, contaminants, "--maxsep", radius, "-o",
            os.path.join(scratch, target), "--overwrite", "--quiet"]


inprocess = """
import sys, time
import pandas as pd, pyarrow.csv as pc
t = time.perf_counter(); pd.read_csv(sys.argv[1]); a = time.perf_counter() - t
t = time.perf_counter(); pc.read_csv(sys.argv[1]); b = time.perf_counter() - t
print(a, b)
"""

cases = {
    "skycut CSV → CSV": cut(objects_csv, "out.csv"),
    "skycut CSV → FITS": cut(objects_csv, "out.fits"),
    "skycut FITS → CSV": cut(objects_fits, "back.csv"),
    "skycut FITS → FITS": cut(objects_fits, "copy.fits"),
    "python -c pandas.read_csv": [
        sys.executable, "-c", f"import pandas; pandas.read_csv({objects_csv!r})"],
    "pandas + cKDTree + astropy CSV → FITS": [
        sys.executable, os.path.join(here, "csv_peer.py"), objects_csv, contaminants, radius,
        os.path.join(scratch, "peer.fits")],
}
before = os.environ.get("BEFORE")
if before:
    cases["skycut before: CSV → CSV"] = cut(objects_csv, "old.csv", before)
    cases["skycut before: CSV → FITS"] = cut(objects_csv, "old.fits", before)
    cases["skycut before: FITS → CSV"] = cut(objects_fits, "oldback.csv", before)
times = {name: [] for name in cases}
times["pandas.read_csv (in-process)"] = []
times["pyarrow.csv.read_csv (in-process)"] = []
bench = os.environ.get("BENCH")
if bench:
    times["skycut Catalogue.read (in-process)"] = []
for rep in range(reps):
    for name, command in cases.items():
        # Each run writes a new file: replacing the last round's (160 MB for `dense`) made the
        # kernel free that file's pages inside the timed run, about 0.03 s, a cost of replacing
        # a file rather than of the conversion (pandas.read_csv writes nothing to replace).
        shutil.rmtree(scratch)
        os.mkdir(scratch)
        subprocess.run(["sync"], check=True)
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times[name].append(time.perf_counter() - start)
    subprocess.run(["sync"], check=True)
    output = subprocess.run([sys.executable, "-c", inprocess, objects_csv], check=True,
                            capture_output=True, text=True).stdout.split()
    times["pandas.read_csv (in-process)"].append(float(output[0]))
    times["pyarrow.csv.read_csv (in-process)"].append(float(output[1]))
    if bench:
        line = subprocess.run([bench, "files", objects_csv, "--scratch", scratch],
                              check=True, capture_output=True, text=True).stdout
        read = next(f for f in line.split() if f.startswith("read_s="))
        times["skycut Catalogue.read (in-process)"].append(float(read.split("=")[1]))

size = os.path.getsize(objects_csv) / 1e6
print(f"objects {objects_csv} ({size:.0f} MB), contaminants {contaminants}, radius {radius}°,"
      f" {reps} rounds")
print("| run | wall (s), each round | median |")
print("|---|---|---|")
for name, values in times.items():
    print(f"| {name} | {' / '.join(f'{v:.2f}' for v in values)} | "
          f"{statistics.median(values):.2f} |")
