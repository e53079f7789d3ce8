// docs/defects.md: the mock's defect table (mock_server/defect_table.inc) with, for each defect,
// the checks the end-to-end tests prove it fails (tests/defect_matrix.h). Written by
// `build/tests/docs_page defects`; tests/docs_pages_test.cpp fails when the committed page is
// stale.
#pragma once

#include <string>

namespace authspec::test {

std::string defects_markdown();

}  // namespace authspec::test
