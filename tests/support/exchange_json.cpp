#include "tests/support/exchange_json.h"

namespace authspec::test {
namespace {

// Bytes that are not UTF-8 (a hostile body, a Latin-1 password) survive as escaped code units.
std::string to_text(const std::string& bytes) {
  std::string out;
  for (unsigned char c : bytes) {
    if (c < 0x80 && c != '%') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

std::string from_text(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

nlohmann::json request_to_json(const Request& r) {
  nlohmann::json j = {{"method", to_text(r.method)},
                      {"target", to_text(r.target)},
                      {"headers", nlohmann::json::array()},
                      {"body", to_text(r.body)},
                      {"credential", to_text(r.credential)},
                      {"repeat", r.repeat},
                      {"origin", r.origin},
                      {"step", r.step}};
  for (const auto& [name, value] : r.headers) j["headers"].push_back({name, to_text(value)});
  if (r.preceded_by) j["preceded_by"] = request_to_json(*r.preceded_by);
  return j;
}

Request request_from_json(const nlohmann::json& j) {
  Request r;
  r.method = from_text(j["method"]);
  r.target = from_text(j["target"]);
  for (const auto& h : j["headers"])
    r.headers.emplace_back(h[0].get<std::string>(), from_text(h[1].get<std::string>()));
  r.body = from_text(j["body"]);
  r.credential = from_text(j["credential"]);
  r.repeat = j["repeat"];
  r.origin = j["origin"];
  r.step = j["step"];
  if (j.contains("preceded_by"))
    r.preceded_by = std::make_shared<const Request>(request_from_json(j["preceded_by"]));
  return r;
}

}  // namespace

nlohmann::json exchange_to_json(const Exchange& ex) {
  const Response& r = ex.response;
  nlohmann::json response = {{"status_line", to_text(r.status_line)},
                             {"status", r.status},
                             {"headers", nlohmann::json::array()},
                             {"body", to_text(*r.body.text())},
                             {"body_truncated", r.body_truncated},
                             {"body_size", r.body_size},
                             {"headers_truncated", r.headers_truncated},
                             {"header_bytes", r.header_bytes},
                             {"folded", r.folded},
                             {"content_after_head", r.content_after_head}};
  for (const auto& [name, value] : r.headers)
    response["headers"].push_back({to_text(name), to_text(value)});
  return {{"request", request_to_json(ex.request)},
          {"url", to_text(ex.url)},
          {"response", response},
          {"failure", static_cast<int>(ex.failure)},
          {"error", to_text(ex.error)},
          {"started_us",
           std::chrono::duration_cast<std::chrono::microseconds>(ex.started.time_since_epoch())
               .count()},
          {"elapsed_us", ex.elapsed.count()}};
}

Exchange exchange_from_json(const nlohmann::json& j) {
  Exchange ex;
  ex.request = request_from_json(j["request"]);
  ex.url = from_text(j["url"]);
  const auto& r = j["response"];
  ex.response.status_line = from_text(r["status_line"]);
  ex.response.status = r["status"];
  for (const auto& h : r["headers"])
    ex.response.headers.emplace_back(from_text(h[0].get<std::string>()),
                                     from_text(h[1].get<std::string>()));
  ex.response.body = from_text(r["body"]);
  ex.response.body_truncated = r["body_truncated"];
  ex.response.body_size = r["body_size"];
  ex.response.headers_truncated = r["headers_truncated"];
  ex.response.header_bytes = r["header_bytes"];
  ex.response.folded = r["folded"].get<std::vector<std::string>>();
  ex.response.content_after_head = r["content_after_head"];
  ex.failure = static_cast<FailureKind>(j["failure"].get<int>());
  ex.error = from_text(j["error"]);
  ex.started = std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(
          std::chrono::microseconds(j["started_us"].get<long long>())));
  ex.elapsed = std::chrono::microseconds(j["elapsed_us"].get<long long>());
  return ex;
}

}  // namespace authspec::test
