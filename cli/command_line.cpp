#include "cli/command_line.h"

#include "suite/option_errors.h"

namespace authspec {

std::vector<OptionDoc> option_docs(const po::options_description& desc) {
  std::vector<OptionDoc> out;
  for (const auto& o : desc.options()) {
    OptionDoc d;
    // "-v [ --verbose ]" -> "-v, --verbose"; "--profile" stays.
    d.flags = o->format_name();
    if (const auto open = d.flags.find(" [ "); open != std::string::npos)
      d.flags =
          d.flags.substr(0, open) + ", " + d.flags.substr(open + 3, d.flags.size() - open - 5);
    d.parameter = o->format_parameter();
    d.doc = o->description();
    out.push_back(std::move(d));
  }
  return out;
}

std::optional<int> parse_command_line(const std::string& command,
                                      const po::options_description& desc,
                                      const std::vector<std::string>& args,
                                      std::vector<std::string>* positional, po::variables_map& vm,
                                      std::ostream& out, std::ostream& err) {
  po::options_description all;
  all.add_options()("help,h", help_option().doc.c_str());
  all.add(desc);
  po::positional_options_description where;
  if (positional) {
    all.add_options()("positional-arguments", po::value(positional)->composing());
    where.add("positional-arguments", -1);
  }
  try {
    po::store(po::command_line_parser(args).options(all).positional(where).run(), vm);
    if (vm.count("help")) {
      out << command_help(command);
      return kExitPass;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    return usage_error(command, option_error_text(e), err);
  }
  return std::nullopt;
}

void keep_given_outputs(std::map<std::string, std::string>& outputs, const po::variables_map& vm) {
  for (auto it = outputs.begin(); it != outputs.end();)
    it = vm.count(it->first) ? std::next(it) : outputs.erase(it);
}

int usage_error(const std::string& command, const std::string& why, std::ostream& err) {
  err << "authspec " << command << ": " << why << " (see authspec " << command << " --help)\n";
  return kExitUsage;
}

}  // namespace authspec
