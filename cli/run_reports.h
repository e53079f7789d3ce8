// Writing a run's reports: the console summary, then every file asked for. Each file is written
// even when another fails (a full disk, a path that changed since it was checked before sending).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "cli/run_args.h"
#include "reports/report.h"

namespace authspec {

// Writes the console summary to `out` and every report `a` names; returns the paths that could
// not be written.
std::vector<std::string> write_run_reports(const RunArgs& a, const ReportInput& in,
                                           std::ostream& out);

}  // namespace authspec
