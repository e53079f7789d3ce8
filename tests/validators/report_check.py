"""What the report validators share: their exit codes, the import of Debian's packages with a
clear message when one is missing, and how errors are printed."""
import importlib
import json
import sys

USAGE_OR_MISSING = 2  # the validator cannot run: never to be taken for a rejection
INVALID = 1


def fail_usage(tool, message):
    print(f"{tool}: {message}", file=sys.stderr)
    sys.exit(USAGE_OR_MISSING)


def require(tool, modules, hint):
    """Imports `modules` or exits 2 naming the Debian packages to install."""
    loaded = []
    for name in modules:
        try:
            loaded.append(importlib.import_module(name))
        except ImportError:
            fail_usage(tool, f"{name} is missing ({hint})")
    return loaded


def format_checker(tool, jsonschema):
    """A format checker that really checks URIs (through python3-rfc3987)."""
    checker = jsonschema.FormatChecker()
    for needed in ("uri", "uri-reference"):
        if needed not in checker.checkers:
            fail_usage(tool, f"the {needed} format cannot be checked (install python3-rfc3987)")
    return checker


def load_json(tool, path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        print(f"{tool}: {path}: {e}", file=sys.stderr)
        sys.exit(INVALID)


def schema_errors(validator, document):
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
            for e in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))]


def finish(errors):
    """Prints at most 20 errors; the exit code: 0 valid, 1 invalid."""
    for line in errors[:20]:
        print(line, file=sys.stderr)
    if len(errors) > 20:
        print(f"... and {len(errors) - 20} more", file=sys.stderr)
    return INVALID if errors else 0
