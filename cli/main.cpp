#include <exception>
#include <iostream>

#include "cli/cli.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    return authspec::run_cli(args, std::cout, std::cerr);
  } catch (const std::exception& e) {
    // Nothing a target sends gets here (each answer is judged inside its own guard); what does
    // (memory exhausted, a spooled body that cannot be read back) ends the run with one line,
    // not an abort.
    std::cerr << "authspec: stopped: " << e.what() << "\n";
    return authspec::kExitAborted;
  }
}
