// Reading a JSON report back (reports/json_report.h): every member a reader uses is type-checked
// here, so merge, diff and --baseline never meet a member of the wrong type.
#include <fstream>
#include <map>
#include <optional>
#include <set>

#include "reports/json_report.h"

namespace authspec {
namespace {

using nlohmann::json;

class Checker {
 public:
  explicit Checker(std::string name) : name_(std::move(name)) {}

  [[noreturn]] void fail(const std::string& where, const std::string& what) const {
    throw JsonReportError(name_ + ": " + where + " " + what);
  }

  // Member `key` of `o`, when present, is a list of objects: `each` checks and reads each one,
  // given its place ("where.key[i]").
  template <typename Each>
  void objects(const json& o, const char* key, const std::string& where, Each each) const {
    if (!o.contains(key)) return;
    if (!o[key].is_array()) fail(where + "." + key, "is not a list");
    for (std::size_t i = 0; i < o[key].size(); ++i) {
      const std::string at = where + "." + key + "[" + std::to_string(i) + "]";
      if (!o[key][i].is_object()) fail(at, "is not an object");
      each(o[key][i], at);
    }
  }

  // Member `key` of `object`, when present, must have the type `is` tests.
  template <typename Is>
  void optional(const json& object, const char* key, Is is, const char* type,
                const std::string& where) const {
    if (object.contains(key) && !is(object[key]))
      fail(where + "." + key, std::string("is not ") + type);
  }
  void string(const json& o, const char* key, const std::string& where) const {
    optional(
        o, key, [](const json& v) { return v.is_string(); }, "a string", where);
  }
  void count(const json& o, const char* key, const std::string& where) const {
    optional(
        o, key, [](const json& v) { return v.is_number_unsigned(); }, "a whole number", where);
  }
  void number(const json& o, const char* key, const std::string& where) const {
    optional(
        o, key, [](const json& v) { return v.is_number(); }, "a number", where);
  }
  void object(const json& o, const char* key, const std::string& where) const {
    optional(
        o, key, [](const json& v) { return v.is_object(); }, "an object", where);
  }
  void strings(const json& o, const char* key, const std::string& where) const {
    optional(
        o, key,
        [](const json& v) {
          if (!v.is_array()) return false;
          for (const auto& e : v)
            if (!e.is_string()) return false;
          return true;
        },
        "a list of strings", where);
  }

  void exchange(const json& e, const std::string& where) const {
    if (!e.is_object()) fail(where, "is not an object");
    object(e, "request", where);
    if (e.contains("request"))
      for (const char* k : {"method", "target", "url", "credential", "head", "preceded_by"})
        string(e["request"], k, where + ".request");
    string(e, "started", where);
    number(e, "elapsed_ms", where);
    object(e, "phases_ms", where);
    if (e.contains("phases_ms"))
      for (const auto& [k, v] : e["phases_ms"].items())
        if (!v.is_number()) fail(where + ".phases_ms." + k, "is not a number");
    object(e, "response", where);
    if (e.contains("response")) {
      const json& r = e["response"];
      const std::string at = where + ".response";
      string(r, "status_line", at);
      optional(
          r, "status", [](const json& v) { return v.is_number_integer(); }, "a whole number", at);
      string(r, "body", at);
      count(r, "body_bytes", at);
      optional(
          r, "headers",
          [](const json& v) {
            if (!v.is_array()) return false;
            for (const auto& h : v)
              if (!h.is_array() || h.size() != 2 || !h[0].is_string() || !h[1].is_string())
                return false;
            return true;
          },
          "a list of [name, value] pairs", at);
    }
    object(e, "error", where);
    if (e.contains("error")) string(e["error"], "message", where + ".error");
  }

 private:
  std::string name_;
};

std::string text(const json& o, const char* key) {
  return o.contains(key) ? o[key].get<std::string>() : "";
}

}  // namespace

std::string JsonReport::option(const std::string& key) const {
  const json& options = document["options"];
  return options.contains(key) ? options[key].get<std::string>() : "";
}

namespace {

// `evidence_read`: the report's exchanges were checked as they were read and not kept (their
// count): results' exchange ids are checked against it, and kept only with `keep_ids`.
JsonReport parse(json document, const std::string& name, std::optional<std::size_t> evidence_read,
                 bool keep_ids = false) {
  const Checker check(name);
  if (!document.is_object() || !document.contains("results") || !document.contains("summary"))
    throw JsonReportError(name + " is not an authspec JSON report");
  if (!document["results"].is_array()) check.fail("results", "is not a list");
  if (!document["summary"].is_object()) check.fail("summary", "is not an object");
  for (const char* k : {"target", "target_name", "profile", "started"})
    check.string(document, k, "report");
  check.count(document, "requests_sent", "report");
  check.number(document, "elapsed_ms", "report");
  check.object(document, "options", "report");
  if (!document.contains("options")) document["options"] = json::object();
  for (const auto& [k, v] : document["options"].items())
    if (!v.is_string()) check.fail("options." + k, "is not a string");
  const json& summary = document["summary"];
  check.optional(
      summary, "aborted", [](const json& v) { return v.is_string() || v.is_null(); },
      "a string or null", "summary");
  check.number(summary, "score", "summary");
  check.string(summary, "grade", "summary");
  for (const char* k : {"stale_waivers", "baseline_failures_not_run", "caps", "remarks"})
    check.strings(summary, k, "summary");
  check.object(document, "coverage", "report");
  if (!document.contains("coverage")) document["coverage"] = json::object();
  for (const char* k : {"schemes", "identities", "not_covered"})
    check.strings(document["coverage"], k, "coverage");
  check.optional(
      document["coverage"], "mostly_skipped", [](const json& v) { return v.is_boolean(); },
      "true or false", "coverage");
  for (const char* k : {"protected_resources", "public_resources"})
    check.count(document["coverage"], k, "coverage");

  JsonReport report;
  // [description] runs: the operations, which merge gives the merged report again.
  check.object(document, "description", "report");
  if (document.contains("description")) {
    const json& d = document["description"];
    check.string(d, "file", "description");
    check.objects(d, "operations", "description", [&](const json& o, const std::string& at) {
      for (const char* k : {"operation", "method_path", "pointer"}) check.string(o, k, at);
      if (text(o, "method_path").find(' ') == std::string::npos)
        check.fail(at + ".method_path", "is not METHOD PATH");
    });
  }
  check.object(document, "depth", "report");
  if (document.contains("depth")) {
    const json& d = document["depth"];
    check.string(d, "mode", "depth");
    const std::string mode = text(d, "mode");
    if (mode != depth_name(Depth::kRepresentative) && mode != depth_name(Depth::kFull))
      check.fail("depth.mode", "is neither representative nor full");
    report.depth = mode == depth_name(Depth::kFull) ? Depth::kFull : Depth::kRepresentative;
    check.objects(d, "groups", "depth", [&](const json& g, const std::string& at) {
      check.string(g, "alike", at);
      check.string(g, "representative", at);
      check.strings(g, "resources", at);
      DepthGroup group{text(g, "alike"), text(g, "representative"), {}};
      for (const auto& r : g.value("resources", json::array()))
        group.resources.push_back(r.get<std::string>());
      report.groups.push_back(std::move(group));
    });
  }
  // Format 2: the exchanges, listed once and numbered in order.
  if (document.contains("exchanges")) {
    if (!document["exchanges"].is_array()) check.fail("exchanges", "is not a list");
    for (std::size_t i = 0; i < document["exchanges"].size(); ++i) {
      json e = document["exchanges"][i];
      check.exchange(e, "exchanges[" + std::to_string(i) + "]");
      e.erase("id");
      report.exchanges.push_back(std::move(e));
    }
  }
  // A list of ids of the report's exchanges (a result's; the run's stop's), each one it lists:
  // `list_at` names the list, `where` and `who` the holder in the message.
  auto exchange_ids = [&](const json& ids, const std::string& list_at, const std::string& where,
                          const std::string& who) {
    if (!ids.is_array()) check.fail(list_at, "is not a list");
    const std::size_t known = evidence_read ? *evidence_read : report.exchanges.size();
    std::vector<std::size_t> out;
    for (const auto& id : ids) {
      if (!id.is_number_unsigned() || id.get<std::size_t>() >= known)
        check.fail(where, who + "refers to exchange " + id.dump() + ", which the report lacks");
      out.push_back(id.get<std::size_t>());
    }
    return out;
  };
  std::map<std::string, std::size_t> embedded;  // format 1: one entry per distinct exchange
  for (std::size_t i = 0; i < document["results"].size(); ++i) {
    const json& r = document["results"][i];
    const std::string at = "results[" + std::to_string(i) + "]";
    if (!r.is_object()) check.fail(at, "is not an object");
    for (const char* k : {"check", "family", "level", "title", "resource", "verdict", "message",
                          "baseline", "waiver", "waiver_reason"})
      check.string(r, k, at);
    check.optional(
        r, "security", [](const json& v) { return v.is_boolean(); }, "true or false", at);
    ReportedResult out{
        text(r, "check"),         text(r, "family"),
        text(r, "level"),         text(r, "title"),
        text(r, "resource"),      text(r, "verdict"),
        text(r, "message"),       r.contains("security") && r["security"].get<bool>(),
        text(r, "baseline"),      text(r, "waiver"),
        text(r, "waiver_reason"), {}};
    if (r.contains("exchange_ids")) {
      auto ids = exchange_ids(r["exchange_ids"], at + ".exchange_ids", at, "(" + out.check + ") ");
      if (!evidence_read || keep_ids) out.exchanges = std::move(ids);
    } else if (r.contains("exchanges")) {
      if (!r["exchanges"].is_array()) check.fail(at + ".exchanges", "is not a list");
      for (std::size_t k = 0; k < r["exchanges"].size(); ++k) {
        const json& e = r["exchanges"][k];
        check.exchange(e, at + ".exchanges[" + std::to_string(k) + "]");
        auto [it, fresh] = embedded.emplace(e.dump(), report.exchanges.size());
        if (fresh) report.exchanges.push_back(e);
        out.exchanges.push_back(it->second);
      }
    }
    report.results.push_back(std::move(out));
  }
  // The exchanges that show why the run stopped (absent before, and from runs that did not stop on
  // a credential).
  if (summary.contains("aborted_exchange_ids"))
    exchange_ids(summary["aborted_exchange_ids"], "summary.aborted_exchange_ids",
                 "summary.aborted_exchange_ids", "");
  report.document = std::move(document);
  report.document.erase("exchanges");  // read into `exchanges`
  report.document.erase("results");    // read into `results`
  return report;
}

std::ifstream open_report(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw JsonReportError(path + ": cannot be read");
  return in;
}

json parsed(json document, const std::string& path) {
  if (document.is_discarded()) throw JsonReportError(path + " is not JSON");
  return document;
}

}  // namespace

JsonReport parse_json_report(json document, const std::string& name) {
  return parse(std::move(document), name, std::nullopt);
}

JsonReport read_json_report(const std::string& path) {
  std::ifstream in = open_report(path);
  return parse(parsed(json::parse(in, nullptr, false), path), path, std::nullopt);
}

JsonReport read_json_report_verdicts(const std::string& path) {
  return read_json_report_streamed(path, nullptr);
}

JsonReport read_json_report_streamed(const std::string& path,
                                     const std::function<void(const json&)>& each_exchange) {
  // What a ReportedResult holds: a result's other members (its quote, requirement, remediation)
  // are dropped as they are read, never built. Each exchange (the report's list, or a result's
  // own in the first format) is built alone, checked as a whole read checks it, and dropped.
  static const std::set<std::string> kept = {
      "check",    "family",   "level",  "title",         "resource",     "verdict",  "message",
      "security", "baseline", "waiver", "waiver_reason", "exchange_ids", "exchanges"};
  const Checker check(path);
  std::string member, result_member;  // the report's member being read, and the result's
  std::size_t exchanges = 0, results = 0, embedded = 0;
  auto keep = [&](int depth, json::parse_event_t event, json& value) {
    using Event = json::parse_event_t;
    if (event == Event::key && value.is_string()) {
      const auto& key = value.get_ref<const std::string&>();
      if (depth == 1) member = key;
      if (depth == 3 && member == "results") {
        result_member = key;
        return kept.count(key) > 0;
      }
    } else if (event == Event::object_start && depth == 2 && member == "results") {
      ++results;
      embedded = 0;
    } else if (event == Event::object_end && depth == 2 && member == "exchanges") {
      check.exchange(value, "exchanges[" + std::to_string(exchanges++) + "]");
      if (each_exchange) {
        value.erase("id");  // its position; as a whole read keeps it
        each_exchange(value);
      }
      return false;
    } else if (event == Event::object_end && depth == 4 && member == "results" &&
               result_member == "exchanges") {
      check.exchange(value, "results[" + std::to_string(results - 1) + "].exchanges[" +
                                std::to_string(embedded++) + "]");
      return false;
    }
    return true;
  };
  std::ifstream in = open_report(path);
  json document = parsed(json::parse(in, keep, false), path);
  return parse(std::move(document), path, exchanges, each_exchange != nullptr);
}

}  // namespace authspec
