// authspec(1), authspec-profile(5) and the bash completion, written from the declarations the
// program itself runs on: the command table (cli.cpp), the run options (run_args.cpp) and the
// profile sections (suite/profile_*.cpp). Built into the package by CMake, so a page cannot say
// anything --help or `authspec keys` does not.
#include <cctype>
#include <fstream>
#include <sstream>

#include "cli/command_line.h"
#include "suite/profile_reader.h"
#include "suite/version.h"

namespace authspec {
namespace {

// Text made safe in roff: backslashes escaped, a line never starting with a control character,
// hyphens of options as minus signs (so they can be searched and copied).
std::string roff(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\')
      out += "\\e";
    else if (c == '-')
      out += "\\-";
    else
      out += c;
    if (c == '\n' && i + 1 < text.size() && (text[i + 1] == '.' || text[i + 1] == '\''))
      out += "\\&";
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out = "\\&" + out;
  return out;
}

std::string to_upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

std::string header(const std::string& name, int section, const std::string& what) {
  return ".TH " + to_upper(name) + " " + std::to_string(section) + " \"\" \"authspec " + kVersion +
         "\" \"authspec\"\n.SH NAME\n" + roff(name) + " \\- " + roff(what) + "\n";
}

std::string authspec_page() {
  std::ostringstream out;
  out << header("authspec", 1, "conformance suite for HTTP authentication")
      << ".SH SYNOPSIS\n.B authspec\n.I command\n[\\fIoptions\\fR]\n"
      << ".SH DESCRIPTION\nauthspec sends a catalogue of crafted requests to a target and "
         "scores how correctly it answers: 401 with a well\\-formed WWW\\-Authenticate challenge "
         "when credentials are missing, wrong, malformed or of the wrong scheme; 403 when valid "
         "credentials lack permission; 429 with Retry\\-After when throttled; CORS preflights; "
         "no way around the check by verb, path spelling or a spoofed header. Each check cites "
         "the sentence of the RFC it enforces. Without a profile it runs against its bundled "
         "mock server. The catalogue is version "
      << kCatalogueVersion << ".\n.SH COMMANDS\n";
  for (const auto& c : command_docs())
    out << ".TP\n.B authspec " << roff(c.synopsis) << "\n" << roff(c.summary) << "\n";
  out << ".TP\n.B authspec \\-\\-version\nprint the version and the catalogue version\n";
  // Each command's options, then what its help adds (arguments, environment, exit codes).
  for (const auto& c : command_docs()) {
    out << ".SH " << roff(to_upper(c.name)) << " OPTIONS\n";
    for (const auto& o : documented_options(c))
      out << ".TP\n.B " << roff(o.flags)
          << (o.parameter.empty() ? "" : " \\fI" + roff(o.parameter) + "\\fR") << "\n"
          << roff(o.doc) << "\n";
    if (!c.notes.empty()) out << ".PP\n" << roff(c.notes) << "\n";
  }
  out << ".SH EXIT STATUS\n"
      << roff(exit_codes_text()) << "\n"
      << ".SH ENVIRONMENT\n.TP\n.B AUTHSPEC_\\fISECTION\\fB_\\fIKEY\\fR\nsets any profile key "
         "(AUTHSPEC_BASIC_PASSWORD is basic.password); see authspec\\-profile(5). Without "
         "\\-\\-profile, such a variable is an error rather than applied to the bundled mock.\n"
         ".TP\n.B NO_COLOR\nno colours in the console summary.\n"
      << ".SH FILES\nThe profile is an INI file: authspec\\-profile(5). Example profiles and CI "
         "templates: /usr/share/doc/authspec/examples.\n"
      << ".SH SECURITY\nPasswords, tokens, API keys, cookies and fetched tokens are masked in "
         "every report, log and console line.\n"
      << ".SH SEE ALSO\nauthspec\\-profile(5), curl(1)\n";
  return out.str();
}

std::string profile_page() {
  std::ostringstream out;
  out << header("authspec-profile", 5, "the target profile of authspec")
      << ".SH DESCRIPTION\nA profile is an INI file: [sections] of key = value lines, a "
         "repeatable key given once per line. It names the target, its protected and public "
         "resources and the credentials to test them with. Every key can also be set from the "
         "environment as AUTHSPEC_<SECTION>_<KEY>. Secret values, and the content of the files "
         "secret keys name, are masked in every report and log. '#' starts a comment anywhere on "
         "a line.\n";
  for (const auto& section : profile_sections()) {
    const SectionKeys& s = section.keys;
    out << ".SH [" << roff(s.section) << "]\n" << roff(s.doc) << "\n";
    for (const auto& k : s.keys)
      out << ".TP\n.B " << roff(s.section + "." + k.name) << "\n(" << key_kind_name(k.kind, true)
          << (k.secret ? ", secret" : "")
          << (k.default_value.empty() ? "" : ", default: " + roff(k.default_value)) << ") "
          << roff(k.doc) << "\n";
  }
  out << ".SH SEE ALSO\nauthspec(1); `authspec keys' lists the same keys, `authspec init' and "
         "`authspec import openapi' write a starting profile.\n";
  return out.str();
}

}  // namespace

namespace {

po::options_description man_options(std::string& output) {
  po::options_description desc("authspec man options");
  desc.add_options()("output", po::value(&output)->value_name("FILE"),
                     "write the page to FILE instead of stdout");
  return desc;
}

}  // namespace

std::vector<OptionDoc> man_option_docs() {
  std::string unused;
  return option_docs(man_options(unused));
}

int man_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string output;
  std::vector<std::string> pages;
  po::variables_map vm;
  if (const auto stop = parse_command_line("man", man_options(output), args, &pages, vm, out, err))
    return *stop;
  if (pages.size() != 1 || (pages[0] != "authspec" && pages[0] != "authspec-profile"))
    return usage_error("man", "name one page: authspec or authspec-profile", err);
  const std::string& page = pages[0];
  const std::string text = page == "authspec" ? authspec_page() : profile_page();
  if (output.empty()) {
    out << text;
    return kExitPass;
  }
  std::ofstream file(output);
  file << text;
  if (!file.flush()) {
    err << "authspec man: cannot write " << output << "\n";
    return kExitUsage;
  }
  return kExitPass;
}

int completion_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::vector<std::string> shells;
  po::variables_map vm;
  if (const auto stop = parse_command_line("completion", {}, args, &shells, vm, out, err))
    return *stop;
  if (shells.size() != 1 || shells[0] != "bash")
    return usage_error("completion", "only bash: authspec completion bash", err);
  std::string commands = "--version --help";
  for (const auto& c : command_docs()) commands += " " + c.name;
  // Each command's options, offered after the command when the word starts with '-'.
  std::string per_command;
  for (const auto& c : command_docs()) {
    std::string options;
    for (const auto& o : documented_options(c))
      for (const auto& f : o.spellings()) options += (options.empty() ? "" : " ") + f;
    per_command += "    " + c.name + ") options=\"" + options + "\" ;;\n";
  }
  out << "# bash completion for authspec (generated by `authspec completion bash`)\n"
         "_authspec() {\n"
         "  local cur=${COMP_WORDS[COMP_CWORD]} options=\n"
         "  if [ \"$COMP_CWORD\" -eq 1 ]; then\n"
         "    COMPREPLY=($(compgen -W \""
      << commands
      << "\" -- \"$cur\"))\n"
         "    return\n"
         "  fi\n"
         "  case \"${COMP_WORDS[1]}\" in\n"
      << per_command
      << "  esac\n"
         "  if [[ $cur == -* ]]; then\n"
         "    COMPREPLY=($(compgen -W \"$options\" -- \"$cur\"))\n"
         "    return\n"
         "  fi\n"
         "  case \"${COMP_WORDS[1]}\" in\n"
         "    man) COMPREPLY=($(compgen -W \"authspec authspec-profile\" -- \"$cur\")); return ;;\n"
         "    completion) COMPREPLY=($(compgen -W \"bash\" -- \"$cur\")); return ;;\n"
         "    help) COMPREPLY=($(compgen -W \""
      << commands.substr(std::string("--version --help ").size())
      << "\" -- \"$cur\")); return ;;\n"
         "    import) [ \"$COMP_CWORD\" -eq 2 ] && { COMPREPLY=($(compgen -W \"openapi\" -- "
         "\"$cur\")); return; } ;;\n"
         "    challenge) [ \"$COMP_CWORD\" -eq 2 ] && { COMPREPLY=($(compgen -W \"parse\" -- "
         "\"$cur\")); return; } ;;\n"
         "  esac\n"
         "  COMPREPLY=($(compgen -f -- \"$cur\"))\n"
         "}\n"
         "complete -o filenames -F _authspec authspec\n";
  return kExitPass;
}

}  // namespace authspec
