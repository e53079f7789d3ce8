#!/usr/bin/env python3
"""Rewrites the README's table of checks from `build/authspec list --json` (ID, level, the source
of the sentence the level comes from, title), so the table cannot drift from the catalogue."""
import json, os, subprocess

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
listing = json.loads(subprocess.check_output([os.path.join(root, "build", "authspec"), "list", "--json"]))
table = "| ID | level | cited sentence | title |\n|---|---|---|---|\n"
for c in listing["checks"]:
    table += f"| {c['id']} | {c['level']} | {c['quote_source']} | {c['title']} |\n"
path = os.path.join(root, "README.md")
text = open(path).read()
start = text.index("| ID | level |")
end = text.index("\n\n", start) + 1
open(path, "w").write(text[:start] + table + text[end:])
print(f"{len(listing['checks'])} checks written to README.md")
