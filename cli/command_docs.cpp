// The command table and everything written from it: `authspec --help`, `authspec COMMAND --help`
// and `authspec help [COMMAND] [--markdown]` (docs/cli.md). Each command's options come from the
// Boost declarations it parses with (option_docs()), so the help cannot list an option the command
// refuses or miss one it takes.
#include <sstream>

#include "cli/command_line.h"
#include "reports/report.h"

namespace authspec {
namespace {

const char* kEnvironment =
    "Environment: AUTHSPEC_<SECTION>_<KEY> sets any profile key (AUTHSPEC_BASIC_PASSWORD is "
    "basic.password); without --profile such a variable is refused rather than applied to the "
    "bundled mock. NO_COLOR turns colours off.";
const char* kProfileDocs =
    "The profile: authspec keys, man authspec-profile, docs/profile.md (every key), "
    "docs/profile-guide.md (how to write one).";

std::vector<OptionDoc> help_option_docs();

// `text` wrapped to `width` columns, starting at `column`; every line after the first indented by
// `indent` spaces.
std::string wrap(const std::string& text, std::size_t indent, std::size_t width,
                 std::size_t column) {
  std::string out;
  std::istringstream words(text);
  bool first = true;
  for (std::string word; words >> word; first = false) {
    if (!first && column + 1 + word.size() > width) {
      out += "\n" + std::string(indent, ' ');
      column = indent;
    } else if (!first) {
      out += ' ';
      ++column;
    }
    out += word;
    column += word.size();
  }
  return out;
}

std::string paragraph(const std::string& text) {
  return wrap(text, 0, 79, 0) + "\n";
}

}  // namespace

const std::vector<CommandDoc>& command_docs() {
  static const std::vector<CommandDoc> docs = {
      {"run", "run [options]", "run the catalogue (against the bundled mock by default)",
       run_option_docs,
       std::string("Without --profile, --openapi and --target, the bundled mock runs in-process "
                   "on ephemeral 127.0.0.1 ports (--mock-defect plants defects in it).\n") +
           kEnvironment + "\n" + kProfileDocs + "\nReports: docs/reports.md. " + exit_codes_text()},
      {"list", "list [--json | --markdown] [--spec REF]",
       "list the checks (those citing REF: \"RFC 9110 \u00a711.4\")", list_option_docs,
       "The same catalogue, with every check's quote and fix: docs/catalogue.md."},
      {"init", "init --target URL [--resource PATH]...",
       "probe a target and write a starting profile", init_option_docs,
       "The profile goes to stdout: authspec init --target URL > my.ini; fill in every FILL-IN, "
       "then authspec run --profile my.ini (run refuses a profile that still holds one)."},
      {"import", "import openapi FILE|URL [--base-url URL] [--writes-ok[=ID,...]]",
       "a profile from an OpenAPI 3.x or Swagger 2.0 description (JSON, YAML)", import_option_docs,
       "FILE|URL: the description; a URL's relative $refs are fetched beside it. The profile goes "
       "to stdout. Exit 2 for a description that cannot be read (one line: file, JSON pointer, "
       "problem), 3 when a URL cannot be fetched."},
      {"keys", "keys [--markdown]", "every profile key: its section, value, and what it means",
       keys_option_docs, "The same keys: man authspec-profile, docs/profile.md."},
      {"challenge", "challenge parse VALUE...",
       "parse WWW-Authenticate field values (one per field line)", nullptr,
       "Prints the parse as JSON; exit 0 when every value follows the RFC 9110 grammar, 1 when "
       "one does not."},
      {"merge", "merge [options] RUN.json...", "combine the reports of shards (run --shard I/N)",
       merge_option_docs,
       std::string("RUN.json: the JSON report of every shard (run --shard I/N --json FILE), each "
                   "once, of one target and with the same gate options. Without an output option "
                   "the console summary only. ") +
           exit_codes_text()},
      {"diff", "diff A.json B.json [--json|--markdown|--html FILE]",
       "two runs side by side (exit 0: the same verdicts, 1: some differ)", diff_option_docs,
       "A.json, B.json: JSON reports of two runs. Exit 0: the same verdicts, 1: some differ, 2: a "
       "report cannot be read."},
      {"man", "man authspec|authspec-profile [--output FILE]",
       "the man page authspec(1) or authspec-profile(5), in roff", man_option_docs, ""},
      {"completion", "completion bash", "the bash completion script", nullptr,
       "Load it with: source <(authspec completion bash)"},
      {"help", "help [COMMAND] [--markdown]",
       "this overview, a command's help, or every command as Markdown (docs/cli.md)",
       help_option_docs, ""}};
  return docs;
}

const char* exit_codes_text() {
  return "Exit codes: 0 gate passed, 1 gate failed, 2 usage or profile error, 3 target "
         "unreachable or run aborted.";
}

std::string usage_text() {
  std::string out = "Usage: authspec <command> [options]\nCommands:\n";
  for (const auto& c : command_docs()) {
    // The summary in its column; after a long synopsis, on the next line.
    std::string line = "  " + c.synopsis;
    line += line.size() < 29 ? std::string(29 - line.size(), ' ') : "\n" + std::string(29, ' ');
    out += line + c.summary + "\n";
  }
  out += "  --version                  print the version and the catalogue version\n";
  return out +
         paragraph(
             "Run 'authspec COMMAND --help' for a command's options (man authspec; the profile: "
             "man authspec-profile; docs/ in the source).") +
         paragraph(exit_codes_text());
}

std::vector<std::string> OptionDoc::spellings() const {
  std::vector<std::string> out;
  std::istringstream each(flags);
  for (std::string f; each >> f;) {
    if (f.back() == ',') f.pop_back();
    out.push_back(f);
  }
  return out;
}

const OptionDoc& help_option() {
  static const OptionDoc help{"-h, --help", "", "show this help"};
  return help;
}

std::vector<OptionDoc> documented_options(const CommandDoc& command) {
  std::vector<OptionDoc> out = {help_option()};
  if (command.options)
    for (auto& o : command.options()) out.push_back(std::move(o));
  return out;
}

std::string command_help(const std::string& command) {
  for (const auto& c : command_docs()) {
    if (c.name != command) continue;
    std::string out =
        "Usage: authspec " + c.synopsis + "\n" + paragraph(c.summary) + "\nOptions:\n";
    for (const auto& o : documented_options(c)) {
      std::string head = "  " + o.flags + (o.parameter.empty() ? "" : " " + o.parameter);
      head += head.size() < 28 ? std::string(28 - head.size(), ' ') : "\n" + std::string(28, ' ');
      out += head + wrap(o.doc, 28, 79, 28) + "\n";
    }
    if (!c.notes.empty()) {
      out += "\n";
      std::istringstream lines(c.notes);
      for (std::string line; std::getline(lines, line);) out += paragraph(line);
    }
    return out;
  }
  return usage_text();
}

std::string cli_markdown() {
  std::ostringstream out;
  out << "# Commands\n\n"
         "Generated by `authspec help --markdown` from the options each command parses with; do "
         "not edit\nby hand. `authspec COMMAND --help` prints the same, and authspec(1) too.\n\n"
         "| command | what it does |\n|---|---|\n";
  for (const auto& c : command_docs())
    out << "| [`" << c.name << "`](#" << c.name << ") | " << markdown_prose(c.summary) << " |\n";
  out << "| `--version` | print the version and the catalogue version |\n";
  for (const auto& c : command_docs()) {
    out << "\n## " << c.name << "\n\n`authspec " << c.synopsis << "`\n\n"
        << c.summary << ".\n\n"
        << "| option | argument | meaning |\n|---|---|---|\n";
    for (const auto& o : documented_options(c)) {
      std::string flags;
      for (const auto& f : o.spellings()) flags += (flags.empty() ? "`" : ", `") + f + "`";
      out << "| " << flags << " | " << markdown_cell(o.parameter) << " | " << markdown_prose(o.doc)
          << " |\n";
    }
    // Each line of the notes its own paragraph.
    std::istringstream lines(c.notes);
    for (std::string line; std::getline(lines, line);) out << "\n" << markdown_prose(line) << "\n";
  }
  out << "\n## Exit codes\n\n"
      << "| code | meaning |\n|---|---|\n"
         "| 0 | the gate passed (diff: the same verdicts) |\n"
         "| 1 | the gate failed (diff: some verdicts differ; challenge parse: a value is invalid) "
         "|\n"
         "| 2 | usage or profile error: a bad option, an unreadable profile or API description |\n"
         "| 3 | the target is unreachable or the run was aborted (deadline, request budget, a "
         "locked account, an error that stopped it: one line says which) |\n";
  return out.str();
}

namespace {

struct HelpArgs {
  bool markdown = false;
};

po::options_description help_options(HelpArgs& a) {
  po::options_description desc("authspec help options");
  desc.add_options()("markdown", po::bool_switch(&a.markdown),
                     "every command with its options, as Markdown (docs/cli.md)");
  return desc;
}

std::vector<OptionDoc> help_option_docs() {
  HelpArgs unused;
  return option_docs(help_options(unused));
}

}  // namespace

int help_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  HelpArgs a;
  std::vector<std::string> words;
  po::variables_map vm;
  if (const auto stop = parse_command_line("help", help_options(a), args, &words, vm, out, err))
    return *stop;
  if (a.markdown && !words.empty())
    return usage_error("help", "--markdown covers every command (no COMMAND)", err);
  if (a.markdown) {
    out << cli_markdown();
    return kExitPass;
  }
  if (words.empty()) {
    out << usage_text();
    return kExitPass;
  }
  if (words.size() > 1) return usage_error("help", "one COMMAND at a time", err);
  for (const auto& c : command_docs())
    if (c.name == words[0]) {
      out << command_help(c.name);
      return kExitPass;
    }
  return usage_error("help", "unknown command \"" + words[0] + "\"", err);
}

}  // namespace authspec
