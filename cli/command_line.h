// How every command reads its command line: options declared once with Boost.Program_options.
// The same declarations give `authspec CMD --help`, authspec(1), the bash completion and
// docs/cli.md (command_docs() in cli.h holds each command's), so none of them can drift from what
// the command accepts.
#pragma once

#include <boost/program_options.hpp>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/cli.h"

namespace authspec {

namespace po = boost::program_options;

// The options of a description as the docs list them: "-v, --verbose", "ARG (=16)".
std::vector<OptionDoc> option_docs(const po::options_description& desc);

// Parses the arguments of `authspec <command>` against `desc` plus -h/--help; the arguments that
// are not options go, in order, into the string vector `positional` (none allowed when it is
// empty). nullopt: carry on with `vm`. Otherwise the exit code: 0 after printing the command's
// help on `out`, kExitUsage after one line on `err` naming the bad option.
std::optional<int> parse_command_line(const std::string& command,
                                      const po::options_description& desc,
                                      const std::vector<std::string>& args,
                                      std::vector<std::string>* positional, po::variables_map& vm,
                                      std::ostream& out, std::ostream& err);

// Output options declared as po::value(&outputs[NAME]) get an entry each whether given or not:
// this drops the entries of those the command line did not give.
void keep_given_outputs(std::map<std::string, std::string>& outputs, const po::variables_map& vm);

// One line on `err`, "authspec <command>: <why> (see authspec <command> --help)": kExitUsage.
int usage_error(const std::string& command, const std::string& why, std::ostream& err);

}  // namespace authspec
