// The authspec command line, callable in-process (the tests drive it without a shell).
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace authspec {

// Exit codes (README "Exit codes").
inline constexpr int kExitPass = 0;
inline constexpr int kExitGateFailed = 1;
inline constexpr int kExitUsage = 2;    // usage or profile error
inline constexpr int kExitAborted = 3;  // target unreachable or run aborted

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

int run_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// authspec diff A.json B.json: exit 0 same verdicts, 1 some differ, 2 bad input.
// authspec merge [--json FILE ...] RUN.json...: the shards of a run combined; exits like run.
int merge_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int diff_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// `authspec keys [--markdown]`: every profile key, from the sections' declarations.
int keys_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int init_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int import_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace authspec
