#include <nlohmann/json.hpp>
#include <optional>

#include "cli/command_line.h"
#include "suite/challenge.h"
#include "suite/registry.h"
#include "suite/version.h"

namespace authspec {

namespace {

struct ListArgs {
  bool json = false, markdown = false;
  std::string spec;
};

po::options_description list_options(ListArgs& a) {
  po::options_description desc("authspec list options");
  // clang-format off
  desc.add_options()
      ("json", po::bool_switch(&a.json), "the checks as JSON: ID, family, level, spec, quote, requirement, fix, depth, links")
      ("markdown", po::bool_switch(&a.markdown), "the catalogue reference (docs/catalogue.md): every check, indexed by family and by cited section")
      ("spec", po::value(&a.spec)->value_name("REF"), "only the checks citing REF or a subsection of it: \"RFC 9110 §11.4\", \"RFC 7616\"");
  // clang-format on
  return desc;
}

int list_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  ListArgs a;
  po::variables_map vm;
  if (const auto stop = parse_command_line("list", list_options(a), args, nullptr, vm, out, err))
    return *stop;
  if (a.json && a.markdown)
    return usage_error("list", "--json and --markdown exclude each other", err);
  if (a.markdown && vm.count("spec"))
    return usage_error("list", "--markdown lists the whole catalogue (no --spec)", err);
  if (a.markdown) {
    out << catalogue_markdown();
    return kExitPass;
  }
  const bool json = a.json;
  std::optional<SpecRef> spec;
  if (vm.count("spec")) {
    const auto refs = parse_spec_refs(a.spec);
    if (refs.size() != 1 || refs[0].document.empty())
      return usage_error("list", "--spec takes one reference, for example \"RFC 9110 §11.4\"", err);
    spec = refs[0];
  }
  std::vector<const Check*> listed;
  for (const auto& c : catalogue()) {
    bool cites = !spec;
    for (const auto& ref : c.refs) cites = cites || covers(*spec, ref);
    if (cites) listed.push_back(&c);
  }
  if (json) {
    nlohmann::json checks = nlohmann::json::array();
    for (const Check* check : listed) {
      const Check& c = *check;
      nlohmann::json refs = nlohmann::json::array();
      for (const auto& r : c.refs)
        refs.push_back({{"document", r.document}, {"section", r.section}, {"url", r.url()}});
      checks.push_back({{"id", c.id},
                        {"family", c.family},
                        {"level", level_name(c.level)},
                        {"spec", c.spec},
                        {"owasp", c.owasp},
                        {"title", c.title},
                        {"requirement", c.requirement},
                        {"remediation", c.remediation},
                        {"quote", c.quote},
                        {"quote_source", c.quote_source},
                        {"level_note", c.level_note},
                        // run --depth: "representative" (the server's machinery) or "every"
                        {"depth", c.machinery ? "representative" : "every"},
                        {"refs", refs}});
    }
    out << nlohmann::json{{"catalogue", kCatalogueVersion}, {"checks", checks}}.dump(2) << "\n";
    return kExitPass;
  }
  for (const Check* check : listed) {
    const Check& c = *check;
    char line[512];
    std::snprintf(line, sizeof line, "%-10s %-6s %-13s %-34s %s", c.id.c_str(), c.family.c_str(),
                  level_name(c.level), c.spec.c_str(), c.title.c_str());
    out << line << "\n";
  }
  if (spec)
    out << listed.size() << " of " << catalogue().size() << " checks cite " << spec->text()
        << " (catalogue " << kCatalogueVersion << ")\n";
  else
    out << catalogue().size() << " checks (catalogue " << kCatalogueVersion << ")\n";
  return kExitPass;
}

int challenge_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::vector<std::string> words;  // parse VALUE...
  po::variables_map vm;
  if (const auto stop = parse_command_line("challenge", {}, args, &words, vm, out, err))
    return *stop;
  if (words.empty() || words[0] != "parse")
    return usage_error("challenge",
                       "authspec challenge parse VALUE... (one argument per field line)", err);
  const std::vector<std::string> lines(words.begin() + 1, words.end());
  if (lines.empty())
    return usage_error("challenge", "give at least one WWW-Authenticate field value", err);
  const auto parse = parse_challenges(lines);
  out << challenge_parse_to_json(parse) << "\n";
  return parse.valid ? kExitPass : kExitGateFailed;
}

}  // namespace

std::vector<OptionDoc> list_option_docs() {
  ListArgs unused;
  return option_docs(list_options(unused));
}

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    (args.empty() ? err : out) << usage_text();
    return args.empty() ? kExitUsage : kExitPass;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "--version") {
    out << "authspec " << kVersion << " (catalogue " << kCatalogueVersion << ")\n";
    return kExitPass;
  }
  if (args[0] == "run") return run_command(rest, out, err);
  if (args[0] == "list") return list_command(rest, out, err);
  if (args[0] == "challenge") return challenge_command(rest, out, err);
  if (args[0] == "diff") return diff_command(rest, out, err);
  if (args[0] == "merge") return merge_command(rest, out, err);
  if (args[0] == "keys") return keys_command(rest, out, err);
  if (args[0] == "init") return init_command(rest, out, err);
  if (args[0] == "import") return import_command(rest, out, err);
  if (args[0] == "man") return man_command(rest, out, err);
  if (args[0] == "completion") return completion_command(rest, out, err);
  if (args[0] == "help") return help_command(rest, out, err);
  err << "authspec: unknown command \"" << args[0] << "\"\n" << usage_text();
  return kExitUsage;
}

}  // namespace authspec
