#!/usr/bin/python3
"""Validates an authspec JSON report against authspec-report.schema.json (python3-jsonschema),
plus what a schema cannot say: exchange ids are 0, 1, 2... in order, and every id a result names
is listed. Exits 0 when valid, 1 when not, 2 on misuse.

Usage: validate_report.py SCHEMA.json REPORT.json
"""
import sys

from report_check import fail_usage, finish, load_json, require, schema_errors

TOOL = "validate_report"
(jsonschema,) = require(TOOL, ["jsonschema"], "scripts/test.sh installs python3-jsonschema")


def main(argv):
    if len(argv) != 3:
        fail_usage(TOOL, "usage: validate_report.py SCHEMA.json REPORT.json")
    schema, report = load_json(TOOL, argv[1]), load_json(TOOL, argv[2])
    errors = schema_errors(jsonschema.Draft7Validator(schema), report)
    if not errors:
        listed = report["exchanges"]
        errors += [f"exchanges/{i}: id {e['id']}, expected {i}"
                   for i, e in enumerate(listed) if e["id"] != i]
        errors += [f"results/{i}: exchange {x} is not listed"
                   for i, r in enumerate(report["results"]) for x in r["exchange_ids"]
                   if x >= len(listed)]
    return finish(errors)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
