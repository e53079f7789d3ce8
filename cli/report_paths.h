// Report paths are checked before anything is sent, so a run's results are never lost to a
// missing folder or a typo found only at the end.
#pragma once

#include <string>

namespace authspec {

// Why a report file cannot be written at `path` ("" when it can): its folder is missing or not
// writable, it is a folder, or it is `profile_path` itself (the run would overwrite its input).
std::string report_file_problem(const std::string& path, const std::string& profile_path);
// The same for --report-dir: an existing writable folder, or one that can be made.
std::string report_dir_problem(const std::string& dir);

}  // namespace authspec
