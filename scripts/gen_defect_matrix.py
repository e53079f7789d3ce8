#!/usr/bin/env python3
"""Regenerates the rows of tests/defect_matrix.h from real runs (build/authspec), for review;
scripts/gen_docs.sh then rewrites docs/defects.md from them.

For each named defect of the mock: the checks that fail or warn, and the checks that become
`skip` (their subject was removed by the defect). Any other verdict change aborts: it means a
defect disturbs a check it is not about. Review the diff before committing it."""
import json, subprocess, sys, tempfile, os

# Defects whose effect depends on connection reuse: the row asserts only their own check.
SCATTERED = {"connection-auth-cache": ["BYP-009"]}

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
authspec = os.path.join(root, "build", "authspec")
tmp = tempfile.mkdtemp()

def run(*args):
    out = tempfile.mktemp(dir=tmp, suffix=".json")
    code = subprocess.run([authspec, "run", "--no-color", "--json", out, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    report = json.load(open(out))
    report["exit"] = code
    return report

base = {(r["check"], r["resource"]): r["verdict"] for r in run()["results"]}
listing = [l.split("\t") for l in subprocess.check_output([os.path.join(root, "build", "authspec-mock"), "--list-defects"]).decode().splitlines()]
defects = [name for name, _ in listing]
what = dict(listing)
from concurrent.futures import ThreadPoolExecutor
with ThreadPoolExecutor(max_workers=int(os.environ.get("JOBS", os.cpu_count() or 2))) as pool:  # each run waits on the mock's clock
    reports = dict(zip(defects, pool.map(lambda d: None if d in SCATTERED else run("--mock-defect", d), defects)))
rows = ""
table = "| defect | what it breaks | exit | checks that fail or warn |\n|---|---|---|---|\n"
for d in defects:
    if d in SCATTERED:
        rows += f'      {{"{d}", {{' + ", ".join(f'"{c}"' for c in SCATTERED[d]) + '}, {}, true},\n'
        table += f"| `{d}` | {what[d]} | 1 | {', '.join(SCATTERED[d])} (and, depending on connection reuse, others) |\n"
        continue
    results = reports[d]["results"]
    fails = sorted({r["check"] for r in results if r["verdict"] in ("fail", "warn")})
    skips = sorted({r["check"] for r in results if r["verdict"] == "skip" and base.get((r["check"], r["resource"])) != "skip"} - set(fails))
    other = [r for r in results if r["verdict"] not in ("fail", "warn", "skip") and base.get((r["check"], r["resource"])) != r["verdict"]]
    if other:
        sys.exit(f"{d}: unexpected verdict changes: {[(r['check'], r['resource'], r['verdict']) for r in other[:3]]}")
    fmt = lambda xs: "{" + ", ".join(f'"{x}"' for x in xs) + "}"
    rows += f'      {{"{d}", {fmt(fails)}, {fmt(skips)}}},\n'
    table += f"| `{d}` | {what[d]} | {reports[d]['exit']} | {', '.join(fails)} |\n"

path = os.path.join(root, "tests", "defect_matrix.h")
src = open(path).read()
start = src.index("  static const std::vector<DefectRow> rows = {\n") + len("  static const std::vector<DefectRow> rows = {\n")
end = src.index("  };\n  return rows;")
open(path, "w").write(src[:start] + rows + src[end:])
print(f"{len(defects)} rows written to tests/defect_matrix.h (then: scripts/gen_docs.sh)")
