#include "cli/cli.h"

#include <nlohmann/json.hpp>
#include <optional>

#include "suite/challenge.h"
#include "suite/registry.h"
#include "suite/version.h"

namespace authspec {

const std::vector<CommandDoc>& command_docs() {
  static const std::vector<CommandDoc> docs = {
      {"run", "run [options]", "run the catalogue (against the bundled mock by default)"},
      {"list", "list [--json] [--spec REF]",
       "list the checks (those citing REF: \"RFC 9110 \u00a711.4\")"},
      {"init", "init --target URL [--resource PATH]...",
       "probe a target and write a starting profile"},
      {"import", "import openapi FILE|URL [--base-url URL] [--writes-ok[=ID,...]]",
       "a profile from an OpenAPI 3.x or Swagger 2.0 description (JSON, YAML)"},
      {"keys", "keys [--markdown]", "every profile key: its section, value, and what it means"},
      {"challenge", "challenge parse VALUE...",
       "parse WWW-Authenticate field values (one per field line)"},
      {"merge", "merge [--json FILE ...] RUN.json...",
       "combine the reports of shards (run --shard I/N)"},
      {"diff", "diff A.json B.json [--json|--markdown|--html FILE]",
       "two runs side by side (exit 0: the same verdicts, 1: some differ)"},
      {"man", "man authspec|authspec-profile [--output FILE]",
       "the man page authspec(1) or authspec-profile(5), in roff"},
      {"completion", "completion bash", "the bash completion script"}};
  return docs;
}

const char* exit_codes_text() {
  return "Exit codes: 0 gate passed, 1 gate failed, 2 usage or profile error,\n3 target "
         "unreachable or run aborted.";
}

namespace {

// "Usage: ..." from the command table.
std::string usage() {
  std::string out = "Usage: authspec <command> [options]\nCommands:\n";
  for (const auto& c : command_docs()) {
    // The summary in its column; after a long synopsis, on the next line.
    std::string line = "  " + c.synopsis;
    line += line.size() < 29 ? std::string(29 - line.size(), ' ') : "\n" + std::string(29, ' ');
    out += line + c.summary + "\n";
  }
  out += "  --version                  print the version and the catalogue version\n";
  out +=
      "Run 'authspec run --help' for the run options (man authspec; the profile: man "
      "authspec-profile).\n";
  return out + exit_codes_text() + "\n";
}

int list_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  bool json = false;
  std::optional<SpecRef> spec;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--json") {
      json = true;
    } else if (args[i] == "--spec" && i + 1 < args.size()) {
      const auto refs = parse_spec_refs(args[++i]);
      if (refs.size() != 1 || refs[0].document.empty()) {
        err << "authspec list: --spec takes one reference, for example \"RFC 9110 §11.4\"\n";
        return kExitUsage;
      }
      spec = refs[0];
    } else {
      err << "authspec list: unknown option " << args[i] << "\n";
      return kExitUsage;
    }
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
  if (args.empty() || args[0] != "parse") {
    err << "authspec challenge: usage: authspec challenge parse VALUE... (one argument per field "
           "line)\n";
    return kExitUsage;
  }
  const std::vector<std::string> lines(args.begin() + 1, args.end());
  if (lines.empty()) {
    err << "authspec challenge parse: give at least one WWW-Authenticate field value\n";
    return kExitUsage;
  }
  const auto parse = parse_challenges(lines);
  out << challenge_parse_to_json(parse) << "\n";
  return parse.valid ? kExitPass : kExitGateFailed;
}

}  // namespace

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    (args.empty() ? err : out) << usage();
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
  err << "authspec: unknown command \"" << args[0] << "\"\n" << usage();
  return kExitUsage;
}

}  // namespace authspec
