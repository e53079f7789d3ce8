#include <chrono>
#include <ctime>
#include <map>
#include <unordered_map>

#include "reports/report.h"
#include "reports/streamed_json.h"
#include "suite/role_matrix.h"
#include "suite/version.h"

namespace authspec {
namespace {

// Long header values (16 KiB fuzz inputs) are cut per line so the evidence stays readable.
std::string clip_lines(const std::string& text, std::size_t per_line = 512) {
  std::string out, line;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '\n') {
      if (line.size() > per_line)
        line = line.substr(0, per_line) + "[... " + std::to_string(line.size() - per_line) +
               " more bytes]";
      out += line;
      if (i < text.size()) out += '\n';
      line.clear();
    } else {
      line += text[i];
    }
  }
  return out;
}

// The five counts, as every count object of the report has them (a family, an operation).
nlohmann::json counts_json(const Counts& c) {
  return {{"passed", c.passed},
          {"failed", c.failed},
          {"warned", c.warned},
          {"skipped", c.skipped},
          {"errors", c.errors}};
}

}  // namespace

std::string iso_time(std::chrono::system_clock::time_point t, bool millis) {
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[40];
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  if (millis) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch());
    std::snprintf(buf + n, sizeof buf - n, ".%03dZ",
                  static_cast<int>((ms.count() % 1000 + 1000) % 1000));
  } else {
    std::snprintf(buf + n, sizeof buf - n, "Z");
  }
  return buf;
}

double milliseconds(std::chrono::microseconds d) {
  return d.count() < 0 ? -1.0 : static_cast<double>(d.count()) / 1000.0;
}

std::string uri_escape(const std::string& text) {
  static const std::string allowed =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#@!$&'()*+,;=%";
  std::string out;
  for (unsigned char c : text) {
    if (allowed.find(static_cast<char>(c)) != std::string::npos) {
      out += static_cast<char>(c);
    } else {
      static const char* hex = "0123456789ABCDEF";
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

const std::vector<const Exchange*>& evidence(const Result& r) {
  return r.verdict.shown.empty() ? r.exchanges : r.verdict.shown;
}

std::vector<std::pair<std::string, std::string>> received_headers(const Exchange& ex,
                                                                  const Masker& masker) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [name, value] : ex.response.headers)
    out.emplace_back(name, masker.response_header(name, value));
  return out;
}

std::string reason_phrase(const Response& r) {
  const auto sp = r.status_line.find(' ', r.status_line.find(' ') + 1);
  return sp == std::string::npos ? "" : r.status_line.substr(sp + 1);
}

std::string exchange_text(const Exchange& ex, const Masker& masker, std::size_t body_limit) {
  std::string s = printable(clip_lines(masker.request_head(ex)), 1 << 16);
  if (ex.request.method != "HEAD" && !ex.request.body.empty())
    s += "\n" + printable(masker.text(ex.request.body), body_limit) + "\n";
  s += "\n";
  if (!ex.ok()) return s + "(no response: " + ex.error + ")\n";
  const Response& r = ex.response;
  s += printable(r.status_line, 512) + "\n";
  for (const auto& [name, value] : received_headers(ex, masker))
    s += printable(clip_lines(name + ": " + value), 1024) + "\n";
  if (r.body_size) s += "\n" + printable(masker.text(*r.body.text()), body_limit) + "\n";
  return s;
}

nlohmann::json exchange_json(const Exchange& ex, const Masker& masker) {
  using nlohmann::json;
  json headers = json::array();
  for (const auto& [name, value] : received_headers(ex, masker))
    headers.push_back({printable(name, 256), printable(clip_lines(value), 2048)});
  json j = {{"request",
             {{"method", printable(ex.request.method, 64)},
              {"target", printable(masker.text(ex.request.target), 1024)},
              {"url", printable(masker.text(ex.url), 1024)},
              {"credential", masker.text(ex.request.credential)},
              {"head", printable(clip_lines(masker.request_head(ex)), 1 << 16)},
              {"preceded_by", masker.text(ex.preceded)}}},
            {"started", iso_time(ex.started, true)},
            {"elapsed_ms", milliseconds(ex.elapsed)}};
  if (ex.phases.measured) {
    const Phases& p = ex.phases;
    j["phases_ms"] = {{"dns", milliseconds(p.dns)},   {"connect", milliseconds(p.connect)},
                      {"tls", milliseconds(p.tls)},   {"send", milliseconds(p.send)},
                      {"wait", milliseconds(p.wait)}, {"receive", milliseconds(p.receive)}};
  }
  if (ex.ok()) {
    j["response"] = {{"status_line", printable(ex.response.status_line, 512)},
                     {"status", ex.response.status},
                     {"headers", headers},
                     {"body", printable(masker.text(*ex.response.body.text()), 4096)},
                     {"body_bytes", ex.response.body_size}};
    // What the bounds dropped (suite/http.h): the report says so rather than seem complete.
    if (ex.response.headers_truncated) j["response"]["headers_truncated"] = true;
    if (ex.response.body_truncated) j["response"]["body_truncated"] = true;
  } else {
    j["error"] = {{"kind", failure_kind_name(ex.failure)}, {"message", printable(ex.error, 1024)}};
  }
  return j;
}

void write_json(const ReportInput& in, std::ostream& out) {
  using nlohmann::json;
  const Score& s = in.score;
  json families = json::object();
  for (const auto& [name, c] : s.families) families[name] = counts_json(c);
  // Each exchange is written once, in the order results first use it, and results refer to it by
  // id: many checks share a request, and a hostile answer repeated per result made reports grow
  // with the catalogue (issue 13).
  std::unordered_map<const Exchange*, std::size_t> exchange_id;
  std::vector<const Exchange*> in_order;
  for (const auto& r : in.run.results)
    for (const auto* ex : r.exchanges)
      if (exchange_id.emplace(ex, in_order.size()).second) in_order.push_back(ex);
  // The exchanges that show why the run stopped (a credential that stopped working), after those.
  json aborted_ids = json::array();
  for (const auto* ex : in.run.aborted_by) {
    if (exchange_id.emplace(ex, in_order.size()).second) in_order.push_back(ex);
    aborted_ids.push_back(exchange_id.at(ex));
  }
  // Both arrays are streamed, an element at a time (reports/streamed_json.h).
  const ElementSource exchanges = [&](const auto& emit) {
    for (std::size_t id = 0; id < in_order.size(); ++id) {
      json ex = exchange_json(*in_order[id], in.masker);
      ex["id"] = id;
      emit(ex);
    }
  };
  const ElementSource results = [&](const auto& emit) {
    for (std::size_t i = 0; i < in.run.results.size(); ++i) {
      const auto& r = in.run.results[i];
      json ids = json::array();
      for (const auto* ex : r.exchanges) ids.push_back(exchange_id.at(ex));
      json result = {{"check", r.check->id},
                     {"family", r.check->family},
                     {"level", level_name(r.check->level)},
                     {"title", r.check->title},
                     {"resource", in.masker.text(r.resource)},
                     {"verdict", outcome_name(r.verdict.outcome)},
                     {"message", printable(in.masker.text(r.verdict.message), 4096)},
                     {"security", r.verdict.security_breach},
                     {"spec", r.check->spec},
                     {"owasp", r.check->owasp},
                     {"requirement", r.check->requirement},
                     {"remediation", r.check->remediation},
                     {"quote", r.check->quote},
                     {"quote_source", r.check->quote_source},
                     {"exchange_ids", ids}};
      // The operation of the API description this result is about (runs from a description).
      if (const DescribedOperation* op = in.profile.operation_of(r.resource)) {
        result["operation"] = op->name();
        result["operation_pointer"] = op->pointer;
      }
      if (in.notes && !in.notes->baseline[i].empty()) result["baseline"] = in.notes->baseline[i];
      if (in.notes && !in.notes->waiver[i].empty()) {
        result["waiver"] = in.notes->waiver[i];
        result["waiver_reason"] = in.masker.text(in.notes->waiver_reason[i]);
      }
      emit(result);
    }
  };
  json options = json::object();
  for (const auto& [k, v] : in.options) options[k] = in.masker.text(v);
  json report = {
      {"tool", {{"name", "authspec"}, {"version", kVersion}, {"catalogue", kCatalogueVersion}}},
      {"report_format", kJsonReportFormat},
      {"target", in.profile.origin + in.profile.prefix},
      {"profile", in.profile.source},
      {"started", iso_time(in.run.started)},
      {"elapsed_ms", in.run.elapsed.count()},
      {"requests_sent", in.run.sent},
      {"options", options},
      {"summary",
       {{"score", s.score},
        {"grade", s.grade},
        {"caps", in.masker.texts(s.caps)},
        {"passed", s.counts.passed},
        {"failed", s.counts.failed},
        {"warned", s.counts.warned},
        {"skipped", s.counts.skipped},
        {"errors", s.counts.errors},
        {"gate", {{"passed", in.gate.passed}, {"reasons", in.masker.texts(in.gate.reasons)}}},
        {"aborted", in.run.aborted.empty() ? json(nullptr) : json(in.masker.text(in.run.aborted))},
        {"remarks", in.run.remarks},
        {"families", families}}},
      {"coverage",
       {{"schemes", s.schemes},
        {"identities", s.identities},
        {"protected_resources", s.protected_resources},
        {"public_resources", s.public_resources},
        {"not_covered", in.masker.texts(s.not_covered)},
        {"mostly_skipped", s.mostly_skipped}}},
      {"results", streamed_array(0)},
      {"exchanges", streamed_array(1)}};
  // Results by operation of the API description, in its order (runs from a description only).
  if (in.profile.description) {
    json ops = json::array();
    for (const auto& o : s.operations) {
      json op = counts_json(o.counts);
      op["operation"] = o.name;
      op["method_path"] = o.label;
      op["pointer"] = o.pointer;
      op["not_passing"] = o.not_passing;
      ops.push_back(op);
    }
    report["description"] = {{"file", in.profile.description->file}, {"operations", ops}};
  }
  if (!aborted_ids.empty()) report["summary"]["aborted_exchange_ids"] = aborted_ids;
  if (!in.profile.name.empty()) {
    report["target_name"] = in.masker.text(in.profile.name);  // [target] name
  }
  // Which resources the machinery checks ran on (--depth): at the representative depth, each
  // group of alike resources and the one they ran on (a merged report: the shards'). Absent from
  // runs before issue 17.
  bool full_depth_recorded = false;
  for (const auto& [key, value] : in.options)
    full_depth_recorded |= key == "depth" && value == "full";
  if (in.run.depth == Depth::kRepresentative || full_depth_recorded) {
    json groups = json::array();
    for (const auto& g : in.run.groups) {
      json members = json::array();
      for (const auto& r : g.resources) members.push_back(in.masker.text(r));
      groups.push_back({{"alike", in.masker.text(g.alike)},
                        {"representative", in.masker.text(g.representative)},
                        {"resources", members}});
    }
    report["depth"] = {{"mode", depth_name(in.run.depth)}, {"groups", groups}};
  }
  // The role matrix as a grid (identity x resource): what each was expected to get, got, and
  // the verdict, judged as AUTHZ-007/008 judged it. Absent without [identity.NAME] sections.
  if (const RoleMatrix m = role_matrix(in.profile, in.run); !m.empty()) {
    json cells = json::array();
    for (const auto& c : m.cells)
      cells.push_back({{"identity", c.identity.empty() ? json(nullptr) : json(c.identity)},
                       {"resource", in.masker.text(c.resource)},
                       {"expected", expect_name(c.expect)},
                       {"status", c.status},
                       {"verdict", cell_verdict(c)},
                       {"message", in.masker.text(c.judgement.problem)},
                       {"security", c.judgement.breach}});
    json identities = json::array();
    for (const auto& id : m.identities) identities.push_back(id.empty() ? json(nullptr) : json(id));
    report["role_matrix"] = {
        {"identities", identities}, {"resources", in.masker.texts(m.resources)}, {"cells", cells}};
  }
  if (in.notes) {
    json counts = {
        {"new", 0}, {"unchanged", 0}, {"fixed", 0}, {"waived", 0}, {"waiver expired", 0}};
    for (const auto* list : {&in.notes->baseline, &in.notes->waiver})
      for (const auto& m : *list)
        if (!m.empty()) counts[m] = counts[m].get<int>() + 1;
    report["summary"]["marks"] = counts;
    report["summary"]["stale_waivers"] = in.masker.texts(in.notes->stale_waivers);
    report["summary"]["baseline_failures_not_run"] = in.masker.texts(in.notes->gone);
  }
  write_streamed_json(out, report, {results, exchanges});
}

}  // namespace authspec
