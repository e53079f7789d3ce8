#include <sstream>

#include "reports/report.h"
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

void write_har(const ReportInput& in, std::ostream& out) {
  json entries = json::array();
  const std::string started = iso_time(in.run.started);
  for (const auto& ex : in.run.exchanges) {
    const std::string url = printable(in.masker.text(ex.url), 8192);
    json request = {{"method", printable(ex.request.method, 64)},
                    {"url", url},
                    {"httpVersion", "HTTP/1.1"},
                    {"cookies", json::array()},
                    {"headers", header_list(sent_headers(ex, in.masker))},
                    {"queryString", json::array()},
                    {"headersSize", -1},
                    {"bodySize", static_cast<long>(ex.request.body.size())}};
    if (!ex.request.body.empty())
      request["postData"] = {{"mimeType", "application/octet-stream"},
                             {"text", printable(in.masker.text(ex.request.body), 8192)}};
    std::vector<std::pair<std::string, std::string>> headers;
    std::string mime;
    for (const auto& [name, value] : ex.response.headers) {
      headers.emplace_back(name, in.masker.response_header(name, value));
      if (iequals(name, "Content-Type")) mime = value;
    }
    const std::string& line = ex.response.status_line;
    const auto sp = line.find(' ', line.find(' ') + 1);
    json response = {
        {"status", ex.ok() ? ex.response.status : 0},
        {"statusText",
         ex.ok() && sp != std::string::npos ? printable(line.substr(sp + 1), 256) : ""},
        {"httpVersion", "HTTP/1.1"},
        {"cookies", json::array()},
        {"headers", header_list(headers)},
        {"content",
         {{"size", static_cast<long>(ex.response.body_size)},
          {"mimeType", printable(mime, 256)},
          {"text", printable(in.masker.text(ex.response.body), 65536)}}},
        {"redirectURL", printable(in.masker.text(ex.response.first("Location")), 8192)},
        {"headersSize", -1},
        {"bodySize", static_cast<long>(ex.response.body_size)}};
    if (!ex.ok()) response["_error"] = printable(ex.error, 1024);
    const long ms = static_cast<long>(ex.elapsed.count());
    entries.push_back({{"startedDateTime", started},
                       {"time", ms},
                       {"request", request},
                       {"response", response},
                       {"cache", json::object()},
                       {"timings", {{"send", 0}, {"wait", ms}, {"receive", 0}}},
                       {"comment", in.masker.text(ex.request.credential)}});
  }
  json har = {{"log",
               {{"version", "1.2"},
                {"creator", {{"name", "authspec"}, {"version", kVersion}}},
                {"pages", json::array()},
                {"entries", entries}}}};
  out << har.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
}

}  // namespace authspec
