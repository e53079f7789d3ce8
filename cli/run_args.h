// authspec run's options: what the command line says, checked before anything else happens.
// Boost.Program_options stays in run_args.cpp.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace authspec {

struct RunArgs {
  std::string baseline, waivers, shard;
  std::string profile, openapi, target, json, junit, html, markdown, sarif, har, report_dir,
      fail_on = "any", cacert, cert, key;
  std::string depth;  // "representative" or "full"; "": representative, full for the mock
  std::vector<std::string> only, skip, mock_defects;
  std::vector<std::string> targets;    // every --target; `target` is the first
  std::vector<std::string> writes_ok;  // with --openapi: operationIds, or "*"
  int concurrency = 16, fail_under = 0, max_requests = 0;
  double timeout = 10, deadline = 300;
  bool insecure = false, verbose = false, no_color = false, dry_run = false, allow_bursts = false,
       quiet = false;
};

// Parses and checks `argv`. Returns the exit code when the command ends here (--help: 0; a bad
// option: 2, after one line on `err`), nullopt when the run goes on.
std::optional<int> parse_run_args(const std::vector<std::string>& argv, RunArgs& a,
                                  std::ostream& out, std::ostream& err);

// The options as every report records them (secrets are masked by the writers).
std::vector<std::pair<std::string, std::string>> recorded_options(const RunArgs& a,
                                                                  const std::string& profile_source,
                                                                  bool insecure);

}  // namespace authspec
