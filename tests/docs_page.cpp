// `docs_page defects`: prints docs/defects.md (the one generated page whose source, the defect
// matrix, lives with the tests). scripts/gen_docs.sh writes every generated page.
#include <iostream>
#include <string>

#include "tests/support/defects_page.h"

int main(int argc, char** argv) {
  if (argc == 2 && std::string(argv[1]) == "defects") {
    std::cout << authspec::test::defects_markdown();
    return 0;
  }
  std::cerr << "usage: docs_page defects\n";
  return 2;
}
