// `authspec init --target URL [--resource PATH]...`: asks each URL anonymously what it is, and
// writes a commented profile with only what the user must fill in, marked FILL-IN (a profile that
// still holds the mark is refused by `run`, naming the line).
#include <set>

#include "cli/command_line.h"
#include "suite/discovery.h"
#include "suite/http.h"
#include "suite/version.h"

namespace authspec {
namespace {

struct InitArgs {
  std::string target, cacert;
  std::vector<std::string> resources;
  double timeout = 10;
  bool insecure = false;
};

std::string realms_of(const ProbedUrl& u) {
  std::string s;
  for (const auto& r : u.realms) s += (s.empty() ? "" : ", ") + ("\"" + r + "\"");
  return s.empty() ? "" : " (realm " + s + ")";
}

// The profile text for what the URLs answered; `prefix` is the base URL's path, which the
// resource paths are written relative to.
std::string profile_text(const Discovery& d, const std::string& base_url,
                         const std::string& prefix) {
  std::ostringstream o;
  const std::string mark = kFillIn;
  o << "# authspec profile for " << base_url << ", written by `authspec init` (authspec "
    << kVersion << ")\n# from what each URL answered without credentials. Replace every " << mark
    << ", then:\n#   authspec run --profile THIS-FILE\n# (authspec run refuses a profile that "
       "still "
       "says "
    << mark
    << ", and names the line.)\n# Every key: authspec keys. Secrets can come from the "
       "environment instead\n# (AUTHSPEC_BASIC_PASSWORD, AUTHSPEC_BEARER_TOKEN): delete their "
       "lines here then.\n\n";
  o << "[target]\nbase_url = " << base_url << "\n"
    << "# A string that appears only in protected responses. Left out, the run learns one per\n"
       "# resource (a word two authorised answers hold and the anonymous one lacks) and every\n"
       "# report names it; give one when you know it (or canary=TEXT on a resource line).\n"
    << "# canary = \n\n";
  std::set<std::string> schemes, others;
  std::vector<std::string> protected_lines, public_lines, other_lines, digest_paths;
  for (const auto& u : d.urls) {
    const std::string path =
        u.path.substr(prefix.size()).empty() ? "/" : u.path.substr(prefix.size());
    if (u.is_public()) {
      public_lines.push_back("# answered " + std::to_string(u.status) +
                             " without credentials\nresource = GET " + path);
      continue;
    }
    if (!u.is_protected()) {
      other_lines.push_back("# GET " + path + " answered " +
                            (u.failure.empty() ? std::to_string(u.status) : u.failure) +
                            (u.location.empty() ? "" : " (to " + u.location + ")") +
                            " without credentials: neither protected (401) nor public (2xx).\n"
                            "# If it is protected, move it to [protected] with its schemes:\n"
                            "# resource = GET " +
                            path + " basic");
      continue;
    }
    const auto testable = testable_schemes_of(u);
    for (const auto& s : u.schemes) {
      if (iequals(s, "digest"))
        digest_paths.push_back(path);
      else if (!iequals(s, "basic") && !iequals(s, "bearer"))
        others.insert(s);
    }
    for (const auto& s : testable) schemes.insert(s);
    const std::string said =
        "# answered 401, challenging for " + join(u.schemes, ", ") + realms_of(u);
    if (testable.empty())
      other_lines.push_back(said +
                            "\n# (no Basic or Bearer challenge: see [digest] or [apikey]"
                            " below)\n# resource = GET " +
                            path + " basic");
    else
      protected_lines.push_back(said + "\nresource = GET " + path + " " + join(testable, ","));
  }
  o << "[protected]\n";
  if (protected_lines.empty())
    o << "# No URL answered 401 with a Basic or Bearer challenge: name one (METHOD PATH SCHEMES)\n"
      << "resource = GET /" << mark << " basic\n";
  for (const auto& l : protected_lines) o << l << "\n";
  for (const auto& l : other_lines) o << l << "\n";
  o << "\n";
  if (!public_lines.empty()) {
    o << "[public]\n";
    for (const auto& l : public_lines) o << l << "\n";
    o << "\n";
  }
  if (schemes.count("basic") || protected_lines.empty())
    o << "[basic]\n# A user the protected resources accept.\nuser = " << mark
      << "\npassword = " << mark << "\n\n";
  if (schemes.count("bearer"))
    o << "[bearer]\n# A valid access token (or token_file = PATH).\ntoken = " << mark << "\n\n";
  if (!digest_paths.empty())
    o << "[digest]\n# Digest was advertised: a user for it.\nresource = GET " << digest_paths[0]
      << "\nuser = " << mark << "\npassword = " << mark << "\n\n";
  if (!others.empty())
    o << "# Also advertised: " << join({others.begin(), others.end()}, ", ")
      << ". An API key in a header, query or cookie goes in [apikey]:\n"
         "# [apikey]\n# in = header\n# name = X-API-Key\n# key = ...\n# resource = GET /...\n\n";
  o << "# Optional sections add checks (each is listed by `authspec keys`): [low] for a second,\n"
       "# less privileged identity (403 checks), [cors] for browser origins, [session] for\n"
       "# cookie logins, [jwt] when tokens are JWTs, [rate] and [deny] for throttles and deny "
       "lists.\n";
  return o.str();
}

po::options_description init_options(InitArgs& a) {
  po::options_description desc("authspec init options");
  // clang-format off
  desc.add_options()
      ("target", po::value(&a.target)->value_name("URL"), "the target's base URL (a URL with a path is itself probed when no --resource is given)")
      ("resource", po::value(&a.resources)->value_name("PATH")->composing(), "a PATH under the base URL to probe (repeatable)")
      ("timeout", po::value(&a.timeout)->value_name("S")->default_value(10), "seconds per request")
      ("insecure", po::bool_switch(&a.insecure), "do not verify the server's TLS certificate")
      ("cacert", po::value(&a.cacert)->value_name("FILE"), "CA bundle (PEM) to verify the server with");
  // clang-format on
  return desc;
}

}  // namespace

std::vector<OptionDoc> init_option_docs() {
  InitArgs unused;
  return option_docs(init_options(unused));
}

int init_command(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
  InitArgs a;
  po::variables_map vm;
  if (const auto stop = parse_command_line("init", init_options(a), argv, nullptr, vm, out, err))
    return *stop;
  if (a.target.empty()) return usage_error("init", "--target URL is required", err);
  if (!(a.timeout >= 0.001 && a.timeout <= 3600))
    return usage_error("init", "--timeout must be at least 0.001 (1 ms) and at most 3600 seconds",
                       err);
  for (const auto& r : a.resources)
    if (r.empty() || r[0] != '/')
      return usage_error("init", "--resource must be a path starting with /", err);
  try {
    std::string origin, prefix;
    parse_base_url(a.target, "--target", origin, prefix);
    std::vector<std::string> urls;
    std::string base_url = origin + prefix;
    if (a.resources.empty()) {
      urls.push_back(origin + (prefix.empty() ? "/" : prefix));
      base_url = origin;
      prefix.clear();
    }
    for (const auto& r : a.resources) urls.push_back(origin + prefix + r);
    Discovery d = discovery_for(urls);
    ProberOptions po;
    po.insecure = a.insecure;
    if (!a.cacert.empty()) po.cacert_pem = read_regular_file(a.cacert, kMaxProfileBytes);
    po.user_agent = std::string("authspec/") + kVersion;
    probe_urls(d, po, std::chrono::milliseconds(static_cast<long>(a.timeout * 1000)));
    if (none_answered(d)) {
      err << "authspec init: target unreachable: " << d.urls.front().failure << "\n";
      return kExitAborted;
    }
    out << profile_text(d, base_url, prefix);
    for (const auto& u : d.urls)
      err << "authspec init: GET " << u.path << ": "
          << (u.failure.empty() ? std::to_string(u.status) : u.failure)
          << (u.schemes.empty() ? "" : " (" + join(u.schemes, ", ") + ")") << "\n";
    return kExitPass;
  } catch (const ProfileError& e) {
    err << "authspec init: " << e.what() << "\n";
    return kExitUsage;
  }
}

}  // namespace authspec
