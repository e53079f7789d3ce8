#!/usr/bin/env python3
"""Rewrites the README's table of checks from `build/authspec list --json` (ID, level, the source
of the sentence the level comes from, title), so the table cannot drift from the catalogue."""
import json, os, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
listing = json.loads(subprocess.check_output([os.path.join(root, "build", "authspec"), "list", "--json"]))
table = "| ID | level | cited sentence | title |\n|---|---|---|---|\n"
for c in listing["checks"]:
    table += f"| {c['id']} | {c['level']} | {c['quote_source']} | {c['title']} |\n"
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from readme_table import replace_table
replace_table("| ID | level |", table)
print(f"{len(listing['checks'])} checks written to README.md")
