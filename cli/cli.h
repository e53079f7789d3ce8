// The authspec command line, callable in-process (the tests drive it without a shell).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "suite/openapi.h"
#include "suite/prober.h"

namespace authspec {

// Exit codes (README "Exit codes").
inline constexpr int kExitPass = 0;
inline constexpr int kExitGateFailed = 1;
inline constexpr int kExitUsage = 2;    // usage or profile error
inline constexpr int kExitAborted = 3;  // target unreachable or run aborted

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// One option of a command, as --help, the man page and docs/cli.md list it (written from the
// command's Boost declarations by option_docs(), cli/command_line.h).
struct OptionDoc {
  std::string flags;      // "--concurrency", "-v, --verbose"
  std::string parameter;  // "N (=16)", "" for a switch
  std::string doc;
  // Each spelling on its own: "-v, --verbose" -> "-v", "--verbose".
  std::vector<std::string> spellings() const;
};

// The commands, declared once: `authspec --help`, each command's --help, authspec(1), the bash
// completion and docs/cli.md are written from this table (cli.cpp, cli/man_pages.cpp).
struct CommandDoc {
  std::string name;      // "run"
  std::string synopsis;  // "run [options]"
  std::string summary;   // one sentence
  // Its options besides -h, --help (null: none), from the declarations it parses with.
  std::vector<OptionDoc> (*options)() = nullptr;
  std::string notes =
      "";  // what its help adds: arguments, environment, where things are documented
};
const std::vector<CommandDoc>& command_docs();
// -h, --help: every command takes it (parse_command_line declares it with this text).
const OptionDoc& help_option();
// A command's options as its help, page, completion and docs/cli.md list them: -h, --help first.
std::vector<OptionDoc> documented_options(const CommandDoc& command);
// The exit codes, as the usage, the man page and the README state them.
const char* exit_codes_text();
// `authspec --help`: the commands and what each does.
std::string usage_text();
// `authspec COMMAND --help` (and `authspec help COMMAND`).
std::string command_help(const std::string& command);
// `authspec help [COMMAND] [--markdown]`.
int help_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// docs/cli.md: every command with its options (`authspec help --markdown`).
std::string cli_markdown();

// Each command's options, from the Boost declarations it parses with.
std::vector<OptionDoc> run_option_docs();
std::vector<OptionDoc> init_option_docs();
std::vector<OptionDoc> import_option_docs();
std::vector<OptionDoc> list_option_docs();
std::vector<OptionDoc> keys_option_docs();
std::vector<OptionDoc> merge_option_docs();
std::vector<OptionDoc> diff_option_docs();
std::vector<OptionDoc> man_option_docs();

// docs/catalogue.md: every check, indexed by family and by cited section (`list --markdown`).
std::string catalogue_markdown();

// `authspec man authspec|authspec-profile [--output FILE]`: authspec(1) or authspec-profile(5)
// in roff; `authspec completion bash`: the bash completion script. Both generated from the
// declarations above and the profile's (suite/profile_reader.h), so they cannot drift.
int man_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int completion_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

int run_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// authspec diff A.json B.json: exit 0 same verdicts, 1 some differ, 2 bad input.
// authspec merge [--json FILE ...] RUN.json...: the shards of a run combined; exits like run.
int merge_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int diff_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
enum class KeyKind;  // suite/profile_reader.h
// A profile key's kind as `authspec keys` and the man page name it: text, true|false (in prose:
// true or false), repeatable.
const char* key_kind_name(KeyKind kind, bool prose);
// `authspec keys [--markdown]`: every profile key, from the sections' declarations.
int keys_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int init_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int import_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// The profile `authspec import openapi` writes for a description (base_url: the description's
// when empty; writes_ok: operationIds, or "*" for all).
std::string profile_from_description(const ApiDescription& d, const std::string& base_url,
                                     const std::vector<std::string>& writes_ok);
// Fetches a description's URL (import openapi URL, run --openapi URL) with `options` (timeout,
// TLS): a DescriptionFetchError when the server is down or answers anything but 2xx.
DescriptionFetcher description_fetcher(const ProberOptions& options);
// --writes-ok values (repeated, or comma-separated) as operationIds; "*" stays "*". Throws
// ApiDescriptionError naming the first that no operation of `d` has.
std::vector<std::string> writes_ok_ids(const ApiDescription& d,
                                       const std::vector<std::string>& values);
// `base` with every key that `overlay` sets (section and key alike) taken out, then `overlay`:
// an identities file completing or replacing what a description gave (run --openapi).
std::string overlay_profile_text(const std::string& base, const std::string& overlay);

}  // namespace authspec
