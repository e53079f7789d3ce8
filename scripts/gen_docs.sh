#!/bin/sh
# Rewrites the generated pages of docs/ from the declarations they document (after a build):
# the profile keys, the catalogue, the mock's defects and the commands' options.
# tests/docs_pages_test.cpp fails while a committed page differs from what this writes.
set -eu
cd "$(dirname "$0")/.."
build/authspec keys --markdown > docs/profile.md
build/authspec list --markdown > docs/catalogue.md
build/authspec help --markdown > docs/cli.md
build/tests/docs_page defects > docs/defects.md
echo "docs/profile.md docs/catalogue.md docs/cli.md docs/defects.md written"
