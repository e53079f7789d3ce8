#!/usr/bin/env python3
"""Rewrites tests/snapshots/ from the built authspec: the catalogue (`authspec list --json`) and the
compliant mock's verdicts. snapshot_test.cpp compares each run with them, so a reshaping that
changes a verdict or a check's declaration fails. Run this only when a change is meant to alter
them, and say why in the commit.
  scripts/update_snapshots.py [BUILD_DIR]"""
import json
import os
import subprocess
import sys
import tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
authspec = os.path.join(sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build"),
                        "authspec")
env = dict(os.environ, NO_PROXY="127.0.0.1,localhost,::1")
out_dir = os.path.join(root, "tests", "snapshots")

catalogue = json.loads(subprocess.run([authspec, "list", "--json"], check=True,
                                      capture_output=True, text=True).stdout)
with open(os.path.join(out_dir, "catalogue.json"), "w", encoding="utf-8") as f:
    json.dump(catalogue, f, indent=1, sort_keys=True, ensure_ascii=False)
    f.write("\n")

with tempfile.TemporaryDirectory() as tmp:
    report_path = os.path.join(tmp, "r.json")
    subprocess.run([authspec, "run", "--no-color", "--json", report_path], env=env,
                   capture_output=True, check=True)
    with open(report_path, encoding="utf-8") as f:
        report = json.load(f)
# What the test compares (snapshot_test.cpp says the same): messages that report a measurement
# ("samples each") vary from run to run and are left out.
keys = ("check", "resource", "level", "verdict", "security", "message")
results = []
for r in report["results"]:
    entry = {k: r[k] for k in keys}
    if "samples each" in entry["message"]:
        entry["message"] = None
    results.append(entry)
summary = {k: report["summary"][k]
           for k in ("score", "grade", "passed", "failed", "warned", "skipped", "errors")}
with open(os.path.join(out_dir, "compliant-verdicts.json"), "w", encoding="utf-8") as f:
    json.dump({"summary": summary, "results": results}, f, indent=1, ensure_ascii=False)
    f.write("\n")
print(f"wrote {len(catalogue['checks'])} checks and {len(results)} verdicts to {out_dir}")
