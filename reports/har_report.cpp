#include <cmath>
#include <sstream>

#include "reports/report.h"
#include "reports/streamed_json.h"
#include "suite/version.h"

namespace authspec {
namespace {

using nlohmann::json;

json header_list(const std::vector<std::pair<std::string, std::string>>& headers) {
  json out = json::array();
  for (const auto& [name, value] : headers)
    out.push_back({{"name", printable(name, 256)}, {"value", printable(value, 8192)}});
  return out;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> sent_headers(const Exchange& ex,
                                                              const Masker& masker) {
  std::vector<std::pair<std::string, std::string>> out;
  std::istringstream in(masker.request_head(ex));
  std::string line;
  std::getline(in, line);  // the request line
  while (std::getline(in, line)) {
    const auto colon = line.find(':');
    if (line.empty() || colon == std::string::npos) continue;
    const auto start = line.find_first_not_of(' ', colon + 1);
    out.emplace_back(line.substr(0, colon), start == std::string::npos ? "" : line.substr(start));
  }
  return out;
}

namespace {

// A query string's pairs as sent (HAR 1.2 queryString), masked with the URL they came from.
json query_list(const std::string& url) {
  json out = json::array();
  const auto q = url.find('?');
  if (q == std::string::npos) return out;
  for (const auto& pair : split(url.substr(q + 1, url.find('#', q) - q - 1), "&")) {
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    out.push_back({{"name", printable(pair.substr(0, eq), 256)},
                   {"value", eq == std::string::npos ? "" : printable(pair.substr(eq + 1), 2048)}});
  }
  return out;
}

// HAR cookies from masked Cookie lines ("a=[masked]; b=[masked]") and Set-Cookie lines
// ("sid=[masked]; Path=/; Secure; HttpOnly"): names as sent, values as masked.
json cookie_list(const std::vector<std::pair<std::string, std::string>>& headers, bool response) {
  json out = json::array();
  for (const auto& [name, value] : headers) {
    if (!iequals(name, response ? "Set-Cookie" : "Cookie")) continue;
    std::vector<std::string> parts;
    for (const auto& part : split(value, ";")) parts.push_back(trim(part));
    // A Cookie line holds many pairs; a Set-Cookie line one pair and then its attributes.
    for (std::size_t k = 0; k < parts.size(); ++k) {
      const auto eq = parts[k].find('=');
      if (response && k > 0) {
        if (out.empty() || parts[0].find('=') == std::string::npos) break;
        const std::string attr = to_lower(trim(parts[k].substr(0, eq)));
        const std::string val = eq == std::string::npos ? "" : trim(parts[k].substr(eq + 1));
        if (attr == "path") out.back()["path"] = printable(val, 256);
        if (attr == "domain") out.back()["domain"] = printable(val, 256);
        if (attr == "secure") out.back()["secure"] = true;
        if (attr == "httponly") out.back()["httpOnly"] = true;
        continue;
      }
      if (parts[k].empty() || eq == std::string::npos) continue;
      out.push_back({{"name", printable(parts[k].substr(0, eq), 256)},
                     {"value", printable(parts[k].substr(eq + 1), 2048)}});
    }
  }
  return out;
}

std::string first_value(const std::vector<std::pair<std::string, std::string>>& headers,
                        const char* name) {
  for (const auto& [n, v] : headers)
    if (iequals(n, name)) return v;
  return "";
}

}  // namespace

void write_har(const ReportInput& in, std::ostream& out) {
  // Oldest first, as HAR 1.2 prefers (exchanges are recorded as they complete).
  std::vector<const Exchange*> order;
  for (const auto& ex : in.run.exchanges) order.push_back(&ex);
  std::stable_sort(order.begin(), order.end(),
                   [](const Exchange* a, const Exchange* b) { return a->started < b->started; });
  // Streamed, an entry at a time (reports/streamed_json.h).
  const ElementSource entries = [&](const auto& emit) {
    for (const Exchange* e : order) {
      const Exchange& ex = *e;
      const std::string masked_url = printable(in.masker.text(ex.url), 8192);
      const std::string url = uri_escape(masked_url);
      const auto sent = sent_headers(ex, in.masker);
      json request = {{"method", printable(ex.request.method, 64)},
                      {"url", url},
                      {"httpVersion", "HTTP/1.1"},
                      {"cookies", cookie_list(sent, false)},
                      {"headers", header_list(sent)},
                      {"queryString", query_list(masked_url)},
                      {"headersSize", -1},
                      {"bodySize", static_cast<long>(ex.request.body.size())}};
      if (!ex.request.body.empty()) {
        const std::string type = first_value(sent, "Content-Type");
        request["postData"] = {
            {"mimeType", type.empty() ? "application/octet-stream" : printable(type, 256)},
            {"text", printable(in.masker.text(ex.request.body), 8192)}};
      }
      const auto headers = received_headers(ex, in.masker);
      json response = {
          {"status", ex.ok() ? ex.response.status : 0},
          {"statusText", ex.ok() ? printable(reason_phrase(ex.response), 256) : ""},
          {"httpVersion", "HTTP/1.1"},
          {"cookies", cookie_list(headers, true)},
          {"headers", header_list(headers)},
          {"content",
           {{"size", static_cast<long>(ex.response.body_size)},
            {"mimeType", printable(first_value(headers, "Content-Type"), 256)},
            {"text", printable(in.masker.text(*ex.response.body.text()), 65536)}}},
          {"redirectURL", printable(in.masker.text(ex.response.first("Location")), 8192)},
          {"headersSize", -1},
          {"bodySize", static_cast<long>(ex.response.body_size)}};
      if (!ex.ok()) response["_error"] = printable(ex.error, 1024);
      // libcurl's phases; without them (an exchange that never started) the whole is the wait. The
      // entry's time is the sum of the phases, TLS aside: HAR counts it inside connect.
      const Phases& p = ex.phases;
      json timings = {{"blocked", -1}, {"dns", -1}, {"connect", -1},
                      {"ssl", -1},     {"send", 0}, {"wait", milliseconds(ex.elapsed)},
                      {"receive", 0}};
      if (p.measured)
        timings = {{"blocked", -1},
                   {"dns", milliseconds(p.dns)},
                   {"connect", milliseconds(p.connect)},
                   {"ssl", milliseconds(p.tls)},
                   {"send", milliseconds(p.send)},
                   {"wait", milliseconds(p.wait)},
                   {"receive", milliseconds(p.receive)}};
      double ms = 0;
      for (const char* phase : {"dns", "connect", "send", "wait", "receive"})
        if (timings[phase].get<double>() >= 0) ms += timings[phase].get<double>();
      ms = std::round(ms * 1000) / 1000;
      const auto when = ex.went_out() ? ex.started : in.run.started;
      emit(json{{"startedDateTime", iso_time(when, true)},
                {"time", ms},
                {"request", request},
                {"response", response},
                {"cache", json::object()},
                {"timings", timings},
                {"comment", in.masker.text(ex.request.credential)}});
    }
  };
  json har = {{"log",
               {{"version", "1.2"},
                {"creator", {{"name", "authspec"}, {"version", kVersion}}},
                {"pages", json::array()},
                {"entries", streamed_array(0)}}}};
  write_streamed_json(out, har, {entries});
}

}  // namespace authspec
