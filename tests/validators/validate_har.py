#!/usr/bin/python3
"""Validates a HAR file authspec wrote; exits 0 when valid, 1 when not, 2 when it cannot run.

1. JSON Schema (python3-jsonschema, URIs checked through python3-rfc3987) against the HAR 1.2
   schema of Debian's node-har-schema (/usr/share/nodejs/har-schema/lib): the schema the
   har-validator used by HTTP clients checks archives with.
2. The HAR 1.2 rules that schema leaves out: an entry's time is the sum of its timings (those not
   -1; ssl aside, as HAR counts it inside connect), no timing is below -1, send, wait and receive
   are not negative, ssl is not more than connect, and entries are sorted oldest first.

Usage: validate_har.py FILE.har [SCHEMA_DIR]
"""
import datetime
import glob
import os
import sys

from report_check import (fail_usage, finish, format_checker, load_json, require,
                          schema_errors)

TOOL = "validate_har"
(jsonschema,) = require(TOOL, ["jsonschema"],
                        "scripts/test.sh installs python3-jsonschema and python3-rfc3987")


def har_validator(schema_dir):
    """The har.json schema, its $refs ("log.json#", ...) resolved among its sibling files."""
    store = {}
    for path in glob.glob(os.path.join(schema_dir, "*.json")):
        schema = load_json(TOOL, path)
        store[schema.get("$id", os.path.basename(path)).rstrip("#")] = schema
    if "har.json" not in store:
        fail_usage(TOOL, f"no HAR schema in {schema_dir} (scripts/test.sh installs node-har-schema)")
    resolver = jsonschema.RefResolver("har.json", store["har.json"], store=store)
    return jsonschema.Draft6Validator(store["har.json"], resolver=resolver,
                                      format_checker=format_checker(TOOL, jsonschema))


def started(entry):
    return datetime.datetime.fromisoformat(entry["startedDateTime"].replace("Z", "+00:00"))


def har_rule_errors(har):
    errors = []
    entries = har["log"]["entries"]
    for i, entry in enumerate(entries):
        timings = entry["timings"]
        total = sum(v for k, v in timings.items()
                    if k != "ssl" and isinstance(v, (int, float)) and v != -1)
        if abs(total - entry["time"]) > 0.01:
            errors.append(f"entries/{i}: time {entry['time']} is not the sum of its timings {total}")
        for phase, value in timings.items():
            if isinstance(value, (int, float)) and value < -1:
                errors.append(f"entries/{i}/timings/{phase} is below -1")
        for phase in ("send", "wait", "receive"):
            if timings[phase] < 0:
                errors.append(f"entries/{i}/timings/{phase} is negative")
        if timings.get("ssl", -1) > timings.get("connect", -1) + 0.001:
            errors.append(f"entries/{i}: ssl is longer than connect, which includes it")
        if i and started(entry) < started(entries[i - 1]):
            errors.append(f"entries/{i}: started before the entry it follows")
    return errors


def main():
    if len(sys.argv) not in (2, 3):
        fail_usage(TOOL, "usage: validate_har.py FILE.har [SCHEMA_DIR]")
    schema_dir = sys.argv[2] if len(sys.argv) == 3 else "/usr/share/nodejs/har-schema/lib"
    validator = har_validator(schema_dir)
    har = load_json(TOOL, sys.argv[1])
    errors = schema_errors(validator, har)
    if not errors:
        errors = har_rule_errors(har)
    return finish(errors)


if __name__ == "__main__":
    sys.exit(main())
