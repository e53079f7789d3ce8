// authspec merge [--json FILE --junit FILE --html FILE --markdown FILE --sarif FILE --har FILE
// --report-dir DIR] RUN.json...: the JSON reports of the shards of one run (--shard I/N), combined
// and written in every format as if one run had produced them. Score, grade and gate are
// computed again from the combined verdicts; baseline and waiver marks are carried over, so the
// merged gate is the one a single run with the same --baseline and --waivers would have had.
#include <algorithm>
#include <ctime>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "cli/command_line.h"
#include "reports/report.h"
#include "suite/described_operations.h"
#include "suite/digest.h"
#include "suite/registry.h"

namespace authspec {
namespace {

using nlohmann::json;

Outcome outcome_of(const std::string& v) {
  for (Outcome o : {Outcome::kPass, Outcome::kFail, Outcome::kWarn, Outcome::kSkip})
    if (v == outcome_name(o)) return o;
  return Outcome::kError;
}

// iso_time's text ("2026-11-27T21:29:29Z", "2026-11-27T21:29:29.042Z") back to a time point;
// `fallback` when it is not one.
std::chrono::system_clock::time_point parse_iso_time(
    const std::string& text, std::chrono::system_clock::time_point fallback) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (end == nullptr) return fallback;
  int millis = 0, digits = 0;
  if (*end == '.' && std::sscanf(end, ".%3d%n", &millis, &digits) == 1) end += digits;
  if (std::string(end) != "Z") return fallback;
  return std::chrono::system_clock::from_time_t(timegm(&tm)) + std::chrono::milliseconds(millis);
}

// An exchange from its JSON record (already masked when it was written).
Exchange exchange_of(const json& j) {
  Exchange ex;
  const json& q = j.value("request", json::object());
  ex.request.method = q.value("method", "");
  ex.request.target = q.value("target", "");
  ex.request.credential = q.value("credential", "");
  ex.url = q.value("url", "");
  ex.sent_head = q.value("head", "");
  ex.preceded = q.value("preceded_by", "");
  ex.elapsed = std::chrono::microseconds(std::llround(j.value("elapsed_ms", 0.0) * 1000));
  ex.started = parse_iso_time(j.value("started", ""), {});
  if (j.contains("phases_ms") && j["phases_ms"].is_object()) {
    const json& p = j["phases_ms"];
    auto us = [&](const char* name) {
      const double ms = p.value(name, -1.0);
      return std::chrono::microseconds(ms < 0 ? -1 : std::llround(ms * 1000));
    };
    ex.phases = {true, us("dns"), us("connect"), us("tls"), us("send"), us("wait"), us("receive")};
  }
  if (j.contains("response")) {
    const json& r = j["response"];
    ex.response.status_line = r.value("status_line", "");
    ex.response.status = r.value("status", 0);
    for (const auto& h : r.value("headers", json::array()))
      if (h.is_array() && h.size() == 2) ex.response.headers.emplace_back(h[0], h[1]);
    ex.response.body = r.value("body", "");
    ex.response.body_size = r.value("body_bytes", std::size_t{0});
  } else {
    ex.failure = FailureKind::kOther;
    ex.error = j.value("error", json::object()).value("message", "no response");
  }
  return ex;
}

// Entries of a summary list (stale waivers, baseline failures not run) that every shard reports:
// a waiver is stale for the whole run only if no shard found a failure it matched.
std::vector<std::string> in_every_shard(const std::vector<JsonReport>& reports, const char* key) {
  auto entries = [&](const JsonReport& rep) {
    return rep.summary().value(key, std::vector<std::string>{});  // type-checked when read
  };
  std::map<std::string, std::size_t> count;
  for (const auto& rep : reports)
    for (const auto& entry : entries(rep)) ++count[entry];
  std::vector<std::string> out;  // in the first shard's order
  for (const auto& entry : entries(reports[0]))
    if (count[entry] == reports.size()) out.push_back(entry);
  return out;
}

// Why `reports` are not the shards of one run ("" when they are): shards must share the options
// that decide verdicts and the gate, and every part of the split must be there exactly once.
std::string shards_problem(const std::vector<JsonReport>& reports,
                           const std::vector<std::string>& files) {
  static const std::vector<std::pair<const char*, const char*>> shared = {
      {"fail_on", "--fail-on"}, {"fail_under", "--fail-under"},   {"only", "--only"},
      {"skip", "--skip"},       {"baseline", "--baseline"},       {"waivers", "--waivers"},
      {"depth", "--depth"},     {"mock_defects", "--mock-defect"}};
  auto option = [&](std::size_t k, const char* key) { return reports[k].option(key); };
  for (std::size_t k = 1; k < reports.size(); ++k)
    for (const auto& [key, flag] : shared)
      if (option(k, key) != option(0, key))
        return files[k] + " ran with " + flag + " \"" + option(k, key) + "\", " + files[0] +
               " with \"" + option(0, key) + "\"";
  std::set<int> parts;
  int of = 0;
  for (std::size_t k = 0; k < reports.size(); ++k) {
    const std::string shard = option(k, "shard");
    int i = 0, n = 0;
    if (shard.empty() || std::sscanf(shard.c_str(), "%d/%d", &i, &n) != 2) {
      if (reports.size() > 1) return files[k] + " is not a shard (run with --shard I/N)";
      return "";  // one whole run: its reports are written again
    }
    if (of && n != of) return files[k] + " is shard " + shard + ", not of " + std::to_string(of);
    of = n;
    if (!parts.insert(i).second) return "shard " + shard + " is given twice";
  }
  for (int i = 1; i <= of; ++i)
    if (!parts.count(i))
      return "shard " + std::to_string(i) + "/" + std::to_string(of) + " is missing";
  return "";
}

po::options_description merge_options(std::map<std::string, std::string>& outputs) {
  po::options_description desc("authspec merge options");
  // clang-format off
  desc.add_options()
      ("json", po::value(&outputs["json"])->value_name("FILE"), "write the merged JSON report to FILE")
      ("junit", po::value(&outputs["junit"])->value_name("FILE"), "write the merged JUnit XML report to FILE")
      ("html", po::value(&outputs["html"])->value_name("FILE"), "write the merged HTML report to FILE")
      ("markdown", po::value(&outputs["markdown"])->value_name("FILE"), "write the merged Markdown summary to FILE")
      ("sarif", po::value(&outputs["sarif"])->value_name("FILE"), "write the merged SARIF 2.1.0 report to FILE")
      ("har", po::value(&outputs["har"])->value_name("FILE"), "write every exchange of the shards as HAR 1.2 to FILE")
      ("report-dir", po::value(&outputs["report-dir"])->value_name("DIR"), "write every report format into DIR");
  // clang-format on
  return desc;
}

}  // namespace

std::vector<OptionDoc> merge_option_docs() {
  std::map<std::string, std::string> unused;
  return option_docs(merge_options(unused));
}

int merge_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::vector<std::string> files;
  std::map<std::string, std::string> outputs;
  po::variables_map vm;
  if (const auto stop =
          parse_command_line("merge", merge_options(outputs), args, &files, vm, out, err))
    return *stop;
  keep_given_outputs(outputs, vm);
  if (files.empty())
    return usage_error("merge", "give the JSON reports of the shards: authspec merge RUN.json...",
                       err);
  // Every shard is checked first, keeping only its verdicts and summary; each one is read again
  // when its turn comes to be merged, its exchanges one at a time: two shards of a whole API's run
  // are hundreds of MB of JSON, more than their merged run holds.
  std::vector<JsonReport> reports;
  for (const auto& f : files) {
    JsonReport j;
    try {
      j = read_json_report_verdicts(f);
    } catch (const JsonReportError& e) {
      err << "authspec merge: " << e.what() << "\n";
      return kExitUsage;
    }
    // (The embedded mock listens on a new port for each shard: only its profile must match.)
    const std::string target = j.document.value("target", "");
    const bool embedded = j.document.value("profile", "").rfind("embedded mock", 0) == 0;
    if (!reports.empty() && !embedded && target != reports[0].document.value("target", "")) {
      err << "authspec merge: " << f << " ran against " << target << ", not "
          << reports[0].document.value("target", "") << "\n";
      return kExitUsage;
    }
    reports.push_back(std::move(j));
  }
  if (const std::string problem = shards_problem(reports, files); !problem.empty()) {
    err << "authspec merge: " << problem << "\n";
    return kExitUsage;
  }

  std::map<std::string, const Check*> by_id;
  std::map<std::string, std::size_t> position;
  for (std::size_t i = 0; i < catalogue().size(); ++i) {
    by_id[catalogue()[i].id] = &catalogue()[i];
    position[catalogue()[i].id] = i;
  }
  RunResult run;
  run.started = std::chrono::system_clock::time_point::max();
  // The shards split the checks, not the resources, and share --depth: the first one's groups
  // of alike resources are the whole run's.
  if (reports[0].depth) {
    run.depth = *reports[0].depth;
    run.groups = reports[0].groups;
  }
  // One record per distinct exchange, found by a SHA-256 of its JSON (not the JSON again).
  std::unordered_map<std::string, const Exchange*> exchanges;
  std::set<std::string> seen_results;
  struct Pending {
    std::size_t order, within;
    Result result;
    std::string baseline, waiver, waiver_reason;
  };
  std::vector<Pending> pending;
  // The merged run's record of a shard's exchange, made once.
  auto record = [&](const json& e) {
    const std::string key = *digest::hash("SHA-256", e.dump());
    auto it = exchanges.find(key);
    if (it == exchanges.end()) {
      run.exchanges.push_back(exchange_of(e));
      it = exchanges.emplace(key, &run.exchanges.back()).first;
    }
    return it->second;
  };
  for (std::size_t k = 0; k < reports.size(); ++k) {
    // The shard's exchanges, each made a record as it is read (the first format's, inside each
    // result, from a whole read).
    std::vector<const Exchange*> records;
    JsonReport whole;
    try {
      if (reports[k].document.value("report_format", 1) >= 2)
        whole = read_json_report_streamed(files[k],
                                          [&](const json& e) { records.push_back(record(e)); });
      else
        for (const json& e : (whole = read_json_report(files[k])).exchanges)
          records.push_back(record(e));
    } catch (const JsonReportError& e) {
      err << "authspec merge: " << e.what() << "\n";
      return kExitUsage;
    }
    // (What this read checked, so every id below is one of `records`.)
    const JsonReport& rep = whole;
    const json& doc = rep.document;
    run.started = std::min(run.started, parse_iso_time(doc.value("started", ""), run.started));
    run.sent += doc.value("requests_sent", std::size_t{0});
    run.elapsed = std::max(run.elapsed, std::chrono::milliseconds(doc.value("elapsed_ms", 0)));
    if (rep.summary().contains("aborted") && rep.summary()["aborted"].is_string() &&
        run.aborted.empty()) {
      run.aborted = rep.summary()["aborted"].get<std::string>();
      for (const auto& id : rep.summary().value("aborted_exchange_ids", json::array()))
        run.aborted_by.push_back(records[id.get<std::size_t>()]);
    }
    // Each shard's remarks, once (reports before remarks existed have none).
    for (const auto& r : rep.summary().value("remarks", std::vector<std::string>{}))
      if (std::find(run.remarks.begin(), run.remarks.end(), r) == run.remarks.end())
        run.remarks.push_back(r);
    std::size_t within = 0;
    for (const auto& r : whole.results) {
      const std::string id = r.check, resource = r.resource;
      if (!by_id.count(id)) {
        err << "authspec merge: check " << id << " is not in this catalogue ("
            << "merge with the authspec version that ran it)\n";
        return kExitUsage;
      }
      Result res{by_id[id], resource, {}, {}, {}};
      res.verdict.outcome = outcome_of(r.verdict);
      res.verdict.message = r.message;
      res.verdict.security_breach = r.security;
      for (const std::size_t used : r.exchanges) res.exchanges.push_back(records[used]);
      // Every shard runs CHAL-000: its result counts once, its exchanges (sent) all stay.
      if (!seen_results.insert(id + " " + resource).second) continue;
      pending.push_back(
          {position[id], within++, std::move(res), r.baseline, r.waiver, r.waiver_reason});
    }
  }
  if (run.started == std::chrono::system_clock::time_point::max())
    run.started = std::chrono::system_clock::now();
  // Catalogue order, then the order each check's results had in its shard.
  std::stable_sort(pending.begin(), pending.end(), [](const Pending& a, const Pending& b) {
    return a.order < b.order || (a.order == b.order && a.within < b.within);
  });
  Annotations notes;
  for (auto& p : pending) {
    run.results.push_back(std::move(p.result));
    notes.baseline.push_back(p.baseline);
    notes.waiver.push_back(p.waiver);
    notes.waiver_reason.push_back(p.waiver_reason);
  }
  notes.stale_waivers = in_every_shard(reports, "stale_waivers");
  notes.gone = in_every_shard(reports, "baseline_failures_not_run");

  Profile profile;
  const std::string target = reports[0].document.value("target", "");
  profile.origin = target.substr(0, target.find('/', target.find("://") + 3));
  profile.prefix = target.substr(profile.origin.size());
  profile.source = reports[0].document.value("profile", "");
  profile.name = reports[0].document.value("target_name", "");
  // A run from an API description: its operations (every shard has them all), so the merged
  // reports group results by operation and SARIF points into the description again.
  if (const json& doc = reports[0].document; doc.contains("description")) {
    DescriptionSettings d;
    d.file = doc["description"].value("file", "");
    for (const auto& o : doc["description"].value("operations", json::array())) {
      const std::string label = o.value("method_path", ""), name = o.value("operation", "");
      DescribedOperation op;
      op.method = label.substr(0, label.find(' '));
      op.path_template = label.substr(label.find(' ') + 1);
      op.id = name == label ? "" : name;  // an operation without an id is named by its label
      op.pointer = o.value("pointer", "");
      d.operations.push_back(std::move(op));
    }
    // Each result's resource matched once: scoring and every writer ask for every result.
    std::vector<std::string> labels;
    for (const auto& r : run.results) labels.push_back(r.resource);
    index_operations(d, labels);
    profile.description = std::move(d);
  }
  Score score = score_run(profile, run);
  // Coverage describes the profile, which every shard shares: take it from the first.
  const json& cov = reports[0].coverage();
  score.schemes = cov.value("schemes", std::vector<std::string>{});
  score.identities = cov.value("identities", std::vector<std::string>{});
  score.not_covered = cov.value("not_covered", std::vector<std::string>{});
  score.protected_resources = cov.value("protected_resources", std::size_t{0});
  score.public_resources = cov.value("public_resources", std::size_t{0});
  const json& options = reports[0].document["options"];
  const std::string fail_on = options.value("fail_on", "any");
  const int fail_under = std::atoi(options.value("fail_under", "0").c_str());
  const Gate gate = apply_gate(score, run,
                               fail_on == "must"  ? FailOn::kMust
                               : fail_on == "any" ? FailOn::kAny
                                                  : FailOn::kShould,
                               fail_under, &notes);
  const Masker masker;  // the shards' reports are masked already
  std::vector<std::pair<std::string, std::string>> opts = {{"command", "authspec merge"}};
  for (const auto& [k, v] : options.items())
    if (v.is_string() && k != "shard") opts.emplace_back(k, v.get<std::string>());
  std::string merged;
  for (const auto& f : files) merged += (merged.empty() ? "" : ",") + f;
  opts.emplace_back("merged", merged);
  const ReportInput in{profile, run, score, gate, masker, opts, &notes};

  try {
    auto write = [&](const std::string& kind, auto&& writer) {
      if (!outputs.count(kind)) return;
      std::ofstream f(outputs[kind], std::ios::binary);
      writer(f);
      if (!f) throw std::runtime_error("cannot write " + outputs[kind]);
    };
    write("json", [&](std::ostream& o) { write_json(in, o); });
    write("junit", [&](std::ostream& o) { write_junit(in, o); });
    write("html", [&](std::ostream& o) { write_html(in, o); });
    write("markdown", [&](std::ostream& o) { write_markdown(in, o); });
    write("sarif", [&](std::ostream& o) { write_sarif(in, o); });
    write("har", [&](std::ostream& o) { write_har(in, o); });
    if (outputs.count("report-dir"))
      for (const auto& f : write_report_dir(in, outputs["report-dir"]))
        out << "wrote " << f << "\n";
  } catch (const std::exception& e) {
    err << "authspec merge: " << e.what() << "\n";
    return kExitAborted;
  }
  write_console(in, out, false);
  return gate.passed ? kExitPass : kExitGateFailed;
}

}  // namespace authspec
