#include "suite/prober.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <mutex>
#include <new>
#include <vector>

namespace authspec {
namespace {

void global_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Capture {
  Response* response;
  std::size_t body_limit;
  std::string body;  // becomes response->body once the answer is complete
};

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* capture = static_cast<Capture*>(user);
  Response& r = *capture->response;
  const size_t n = size * count;
  std::string line(data, n);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  if (line.rfind("HTTP/", 0) == 0) {
    // A new status line: an interim (1xx) response before it is discarded.
    r.status_line = line;
    r.headers.clear();
    r.header_bytes = 0;
    r.headers_truncated = false;
    r.status = 0;
    auto sp = line.find(' ');
    if (sp != std::string::npos && line.size() >= sp + 4) {
      const std::string code = line.substr(sp + 1, 3);
      if (std::isdigit(static_cast<unsigned char>(code[0])) &&
          std::isdigit(static_cast<unsigned char>(code[1])) &&
          std::isdigit(static_cast<unsigned char>(code[2])))
        r.status = std::stoi(code);
    }
    return n;
  }
  if (line.empty()) return n;  // end of the header block
  // Bounded: a hostile answer with thousands of lines (each under libcurl's own cap) must not
  // grow every report; what is dropped is marked.
  if (r.headers.size() >= kMaxHeaderLines || r.header_bytes + line.size() > kMaxHeaderBytes) {
    r.headers_truncated = true;
    return n;
  }
  r.header_bytes += line.size();
  if ((line[0] == ' ' || line[0] == '\t') && !r.headers.empty()) {
    // obs-fold: a recipient replaces it with SP before reading the value (RFC 9112 §5.2).
    auto& [name, value] = r.headers.back();
    value += ' ' + trim(line);
    const std::string lower = to_lower(name);
    if (std::find(r.folded.begin(), r.folded.end(), lower) == r.folded.end())
      r.folded.push_back(lower);
    return n;
  }
  auto colon = line.find(':');
  if (colon == std::string::npos)
    r.headers.emplace_back("", line);  // not a field line: kept so the report shows it
  else
    r.headers.emplace_back(line.substr(0, colon), trim(line.substr(colon + 1)));
  return n;
}

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* capture = static_cast<Capture*>(user);
  Response& r = *capture->response;
  const size_t n = size * count;
  r.body_size += n;
  std::string& body = capture->body;
  const size_t room = body.size() < capture->body_limit ? capture->body_limit - body.size() : 0;
  body.append(data, std::min(room, n));
  if (n > room) r.body_truncated = true;
  return n;
}

struct DebugCapture {
  std::string* sent_head;
  Response* response;
};

int on_debug(CURL*, curl_infotype type, char* data, size_t size, void* user) {
  auto* capture = static_cast<DebugCapture*>(user);
  if (type == CURLINFO_HEADER_OUT) capture->sent_head->append(data, size);
  // libcurl's note when bytes followed a response that has no content (HEAD): "Excess found:
  // excess = N ...". It drops them; the check on HEAD (CHAL-014) reports them.
  if (type == CURLINFO_TEXT) {
    const std::string text(data, size);
    const auto at = text.find("excess = ");
    if (text.rfind("Excess found", 0) == 0 && at != std::string::npos)
      capture->response->content_after_head += std::strtoull(text.c_str() + at + 9, nullptr, 10);
  }
  return 0;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* cancel = static_cast<const std::atomic<bool>*>(user);
  return cancel && cancel->load() ? 1 : 0;
}

FailureKind classify(CURLcode code) {
  switch (code) {
    case CURLE_OK:
      return FailureKind::kNone;
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return FailureKind::kConnect;
    case CURLE_OPERATION_TIMEDOUT:
      return FailureKind::kTimeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_USE_SSL_FAILED:
      return FailureKind::kTls;
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_BAD_CONTENT_ENCODING:
    case CURLE_HTTP2:
    case CURLE_TOO_MANY_REDIRECTS:
      return FailureKind::kMalformedResponse;
    case CURLE_ABORTED_BY_CALLBACK:
      return FailureKind::kAborted;
    default:
      return FailureKind::kOther;
  }
}

// A request the server may refuse, or answer, before reading all of it: an oversized head, a
// body on a method whose body servers commonly ignore, a method the server does not know. The
// unread rest would be parsed as further requests on a kept-alive connection, and every later
// response would shift by one (a client that checks idle connections for stray bytes, as
// libcurl does for plain TCP but cannot for TLS, hides this on http only). Such requests get a
// connection of their own, closed after them.
bool may_desynchronise(const Request& r) {
  static const std::vector<std::string> known = {"GET",   "HEAD",   "POST",    "PUT",
                                                 "PATCH", "DELETE", "OPTIONS", "TRACE"};
  static const std::vector<std::string> with_body = {"POST", "PUT", "PATCH"};
  std::size_t head_size = r.target.size();
  for (const auto& [name, value] : r.headers) head_size += name.size() + value.size() + 4;
  const bool known_method = std::find(known.begin(), known.end(), r.method) != known.end();
  const bool body_read = std::find(with_body.begin(), with_body.end(), r.method) != with_body.end();
  return head_size > 4096 || !known_method || (!r.body.empty() && !body_read);
}

}  // namespace

struct Prober::Impl {
  ProberOptions options;
  CURL* curl = nullptr;
};

Prober::Prober(ProberOptions options) : impl_(std::make_unique<Impl>()) {
  global_init_once();
  impl_->options = std::move(options);
  impl_->curl = curl_easy_init();
}

Prober::~Prober() {
  if (impl_->curl) curl_easy_cleanup(impl_->curl);
}

namespace {

// libcurl's cumulative times (microseconds since the transfer began) as HAR's phases.
Phases phases_of(CURL* c) {
  curl_off_t lookup = 0, connected = 0, handshaken = 0, ready = 0, first_byte = 0, total = 0;
  long new_connections = 0;
  curl_easy_getinfo(c, CURLINFO_NAMELOOKUP_TIME_T, &lookup);
  curl_easy_getinfo(c, CURLINFO_CONNECT_TIME_T, &connected);
  curl_easy_getinfo(c, CURLINFO_APPCONNECT_TIME_T, &handshaken);
  curl_easy_getinfo(c, CURLINFO_PRETRANSFER_TIME_T, &ready);
  curl_easy_getinfo(c, CURLINFO_STARTTRANSFER_TIME_T, &first_byte);
  curl_easy_getinfo(c, CURLINFO_TOTAL_TIME_T, &total);
  curl_easy_getinfo(c, CURLINFO_NUM_CONNECTS, &new_connections);
  using us = std::chrono::microseconds;
  auto span = [](curl_off_t from, curl_off_t to) { return us(std::max<curl_off_t>(0, to - from)); };
  // The marks come in this order; libcurl leaves a mark it did not take at 0 (and on some
  // paths, such as a failed or refused connection, a later mark below an earlier one).
  connected = std::max(connected, lookup);
  if (handshaken > 0) handshaken = std::max(handshaken, connected);
  Phases p;
  p.measured = total > 0;
  const curl_off_t link_ready = handshaken > 0 ? handshaken : connected;
  if (new_connections > 0) {
    p.dns = span(0, lookup);
    p.connect = span(lookup, link_ready);
    if (handshaken > 0) p.tls = span(connected, handshaken);
  }
  const curl_off_t sent = std::max(ready, link_ready);
  p.send = span(new_connections > 0 ? link_ready : 0, sent);
  const curl_off_t answered = first_byte > 0 ? first_byte : total;
  p.wait = span(sent, answered);
  p.receive = span(answered, total);
  return p;
}

}  // namespace

Exchange Prober::send(const Request& request, std::chrono::milliseconds timeout,
                      const std::atomic<bool>* cancel) {
  const ProberOptions& o = impl_->options;
  Exchange ex;
  ex.request = request;
  ex.url = request.url(o.origin);
  CURL* c = impl_->curl;
  if (!c) {
    ex.failure = FailureKind::kOther;
    ex.error = "libcurl could not create a handle";
    return ex;
  }
  curl_easy_reset(c);  // keeps the live connection for keep-alive

  Capture capture{&ex.response, o.body_limit, {}};
  char error_buffer[CURL_ERROR_SIZE] = {0};
  // The URL only names the origin; the request-target goes out verbatim via REQUEST_TARGET.
  const std::string url = (request.origin.empty() ? o.origin : request.origin) + "/";
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_REQUEST_TARGET, request.target.c_str());
  curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
  curl_easy_setopt(c, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_buffer);
  // Never 0: libcurl reads 0 as "no timeout", which would let a silent target hold the run.
  const long timeout_ms = std::max<long>(1, static_cast<long>(timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &capture);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &capture);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, cancel);
  // The request head as it went on the wire (libcurl adds Host, User-Agent, Accept).
  DebugCapture debug{&ex.sent_head, &ex.response};
  curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, on_debug);
  curl_easy_setopt(c, CURLOPT_DEBUGDATA, &debug);
  curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);
  if (!o.user_agent.empty()) curl_easy_setopt(c, CURLOPT_USERAGENT, o.user_agent.c_str());

  if (request.method == "HEAD") {
    curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    // A server may wrongly send content after a HEAD response; left on a reused connection it
    // would be read as the next response ("HTTP/0.9"), blaming another exchange. The connection
    // that carried a HEAD is therefore never reused.
    curl_easy_setopt(c, CURLOPT_FORBID_REUSE, 1L);
  } else {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    // Methods that carry content always say how much (Content-Length: 0 when empty), as clients do.
    const bool has_content =
        request.method == "POST" || request.method == "PUT" || request.method == "PATCH";
    if (has_content || !request.body.empty()) {
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.data());
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
    }
  }

  if (o.insecure) {
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  // PEM text handed over in memory (libcurl copies blobs when they are set).
  for (auto [pem, option] :
       {std::pair{&o.cacert_pem, CURLOPT_CAINFO_BLOB}, std::pair{&o.cert_pem, CURLOPT_SSLCERT_BLOB},
        std::pair{&o.key_pem, CURLOPT_SSLKEY_BLOB}}) {
    if (pem->empty()) continue;
    curl_blob blob{const_cast<char*>(pem->data()), pem->size(), CURL_BLOB_COPY};
    curl_easy_setopt(c, option, &blob);
  }

  curl_slist* lines = nullptr;
  // No "Expect: 100-continue": the request goes out in one piece, as written.
  lines = curl_slist_append(lines, "Expect:");
  bool says_connection = false;
  for (const auto& [name, value] : request.headers) {
    // libcurl's syntax: "Name;" sends an empty value ("Name:" would remove the header).
    const std::string line = value.empty() ? name + ";" : name + ": " + value;
    lines = curl_slist_append(lines, line.c_str());
    says_connection = says_connection || iequals(name, "Connection");
  }
  // The connection that carried a HEAD is not reused (above), so the HEAD asks the server to close
  // it (RFC 9112 §9.6: the server then initiates the closure). Closed from this side, each would
  // hold a local port in TIME_WAIT for a minute: a whole API's run sends thousands of HEADs, and
  // at a nearby target's speed they used up the ephemeral ports (10,000 resources: 14,000
  // results undecided on "Couldn't connect").
  if (request.method == "HEAD" && !says_connection)
    lines = curl_slist_append(lines, "Connection: close");
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, lines);
  // A connection to another origin (the cleartext port, a proxy) is not kept: the run's workers
  // keep their connections to the target alive across the run, and an idle one held open to a
  // secondary listener would take one of its few workers until its keep-alive timeout.
  if (!request.origin.empty()) curl_easy_setopt(c, CURLOPT_FORBID_REUSE, 1L);
  if (may_desynchronise(request)) {
    curl_easy_setopt(c, CURLOPT_FRESH_CONNECT, 1L);
    curl_easy_setopt(c, CURLOPT_FORBID_REUSE, 1L);
  }

  ex.started = std::chrono::system_clock::now();
  const auto start = std::chrono::steady_clock::now();
  const CURLcode code = curl_easy_perform(c);
  ex.elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - start);
  curl_slist_free_all(lines);
  ex.phases = phases_of(c);
  ex.response.body = std::move(capture.body);

  ex.failure = classify(code);
  if (code == CURLE_OUT_OF_MEMORY) {
    // libcurl's word for a header line over its 100 KB cap: the answer is unusable, not a lack
    // of memory here.
    ex.failure = FailureKind::kMalformedResponse;
    ex.error = "malformed response: a response header line over 100 KB";
  } else if (ex.failure != FailureKind::kNone) {
    const std::string detail = error_buffer[0] ? error_buffer : curl_easy_strerror(code);
    // A body or header block that breaks HTTP's framing is an unusable answer, not a failure to
    // transfer: no verdict may rest on it.
    if (ex.failure == FailureKind::kOther &&
        (detail.find("chunked") != std::string::npos ||
         detail.find("Too large response headers") != std::string::npos))
      ex.failure = FailureKind::kMalformedResponse;
    ex.error = std::string(failure_kind_name(ex.failure)) + ": " + detail;
  } else if (ex.response.status == 0) {
    ex.failure = FailureKind::kMalformedResponse;
    ex.error = "malformed response: no valid status line (got \"" +
               ex.response.status_line.substr(0, 80) + "\")";
  } else if (std::any_of(ex.response.headers.begin(), ex.response.headers.end(),
                         [](const HeaderLine& h) { return h.first.empty(); })) {
    // A header line without a colon (RFC 9112 §5): the message cannot be read as HTTP, so no
    // check may rest on it.
    ex.failure = FailureKind::kMalformedResponse;
    ex.error = "malformed response: a header line without a colon";
  }
  return ex;
}

std::string query_escape(const std::string& value) {
  global_init_once();
  char* escaped = curl_easy_escape(nullptr, value.data(), static_cast<int>(value.size()));
  if (!escaped) throw std::bad_alloc();
  std::string out = escaped;
  curl_free(escaped);
  return out;
}

}  // namespace authspec
