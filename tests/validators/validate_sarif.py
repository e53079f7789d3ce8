#!/usr/bin/python3
"""Validates a SARIF log authspec wrote, three ways; exits 0 when valid, 1 when not, 2 on misuse.

1. JSON Schema (python3-jsonschema, with the uri formats checked through python3-rfc3987)
   against sarif-2.1.0-authspec.schema.json: SARIF 2.1.0's constraints on the objects authspec
   writes, every object closed.
2. The property names and required properties of Microsoft's SARIF object model
   (python3-sarif-python-om), generated from the official SARIF 2.1.0 schema (a late draft of
   it: one property was renamed since, see RENAMED_IN_THE_STANDARD): an independent source for
   "is this property in the standard, on this object".
3. The rules of the standard that a schema cannot say: ruleIndex points at the rule named by
   ruleId (section 3.27.6), a result whose kind is not "fail" has level "none" (3.27.10), rule ids
   are unique within the driver (3.49.3).

Usage: validate_sarif.py SCHEMA.json LOG.sarif
"""
import sys

from report_check import (fail_usage, finish, format_checker, load_json, require,
                          schema_errors)

TOOL = "validate_sarif"
attr, jsonschema, sarif_om = require(
    TOOL, ["attr", "jsonschema", "sarif_om"],
    "scripts/test.sh installs python3-jsonschema, python3-rfc3987 and python3-sarif-python-om")

# Which sarif_om class describes the object found under a property name. Property bags are
# open by definition and are not walked.
CLASS_OF = {
    "runs": sarif_om.Run,
    "tool": sarif_om.Tool,
    "driver": sarif_om.ToolComponent,
    "rules": sarif_om.ReportingDescriptor,
    "shortDescription": sarif_om.MultiformatMessageString,
    "fullDescription": sarif_om.MultiformatMessageString,
    "help": sarif_om.MultiformatMessageString,
    "defaultConfiguration": sarif_om.ReportingConfiguration,
    "invocations": sarif_om.Invocation,
    "toolExecutionNotifications": sarif_om.Notification,
    "toolConfigurationNotifications": sarif_om.Notification,
    "results": sarif_om.Result,
    "message": sarif_om.Message,
    "locations": sarif_om.Location,
    "physicalLocation": sarif_om.PhysicalLocation,
    "artifactLocation": sarif_om.ArtifactLocation,
    "suppressions": sarif_om.Suppression,
    "webRequest": sarif_om.WebRequest,
    "webResponse": sarif_om.WebResponse,
    "body": sarif_om.ArtifactContent,
}
# Properties whose values are string maps, not objects of the model.
STRING_MAPS = {"headers", "parameters", "partialFingerprints", "fingerprints"}
# sarif_om 1.0.4 was generated from a late draft of the schema; the final standard renamed these.
RENAMED_IN_THE_STANDARD = {("Suppression", "status"): "state"}


def model_errors(value, cls, path):
    """Property names unknown to the model's class, and required ones that are missing."""
    if not isinstance(value, dict):
        return [f"{path}: expected an object for {cls.__name__}"]
    fields = attr.fields(cls)
    known = {f.metadata["schema_property_name"]: f for f in fields}
    errors = [f"{path}: {cls.__name__} has no property {name!r}" for name in value
              if RENAMED_IN_THE_STANDARD.get((cls.__name__, name), name) not in known]
    errors += [f"{path}: {cls.__name__} requires {name!r}" for name, f in known.items()
               if f.default is attr.NOTHING and name not in value]
    for name, child in value.items():
        if name == "properties" or name in STRING_MAPS or name not in CLASS_OF:
            continue
        items = child if isinstance(child, list) else [child]
        for i, item in enumerate(items):
            where = f"{path}.{name}" + (f"[{i}]" if isinstance(child, list) else "")
            errors += model_errors(item, CLASS_OF[name], where)
    return errors


def standard_rule_errors(log):
    errors = []
    for r, run in enumerate(log.get("runs", [])):
        rules = run["tool"]["driver"].get("rules", [])
        ids = [rule["id"] for rule in rules]
        if len(ids) != len(set(ids)):
            errors.append(f"runs[{r}]: rule ids are not unique")
        for i, result in enumerate(run.get("results", [])):
            where = f"runs[{r}].results[{i}]"
            index = result.get("ruleIndex", -1)
            if index >= len(rules):
                errors.append(f"{where}: ruleIndex {index} is past the {len(rules)} rules")
            elif index >= 0 and rules[index]["id"] != result.get("ruleId"):
                errors.append(f"{where}: ruleIndex {index} names {rules[index]['id']}, "
                              f"ruleId says {result.get('ruleId')}")
            if result.get("kind", "fail") != "fail" and result.get("level", "none") != "none":
                errors.append(f"{where}: kind {result['kind']} with level {result['level']}")
    return errors


def main():
    if len(sys.argv) != 3:
        fail_usage(TOOL, "usage: validate_sarif.py SCHEMA.json LOG.sarif")
    schema, log = load_json(TOOL, sys.argv[1]), load_json(TOOL, sys.argv[2])
    validator = jsonschema.Draft4Validator(schema, format_checker=format_checker(TOOL, jsonschema))
    errors = schema_errors(validator, log)
    if not errors:
        errors = model_errors(log, sarif_om.SarifLog, "log") + standard_rule_errors(log)
    return finish(errors)


if __name__ == "__main__":
    sys.exit(main())
