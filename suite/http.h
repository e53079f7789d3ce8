// HTTP exchange records: what a check asks to send and what came back, byte-exact.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "suite/body.h"

namespace authspec {

using HeaderLine = std::pair<std::string, std::string>;  // name as written, value as written

// A request exactly as it goes on the wire. Header lines are sent in order, duplicates kept.
struct Request {
  std::string method = "GET";
  std::string target = "/";  // request-target, sent verbatim (never normalised or encoded)
  std::vector<HeaderLine> headers;
  std::string body;
  // Which credential this request carries ("none", "basic:valid", "bearer:forged" ...): shown in
  // the plan and reports instead of the secret itself.
  std::string credential = "none";
  // True when a header value holds a real secret from the profile; reports mask it.
  bool carries_secret = false;
  // Distinguishes deliberately repeated identical requests (the runner sends each key once).
  int repeat = 0;
  // Sent no earlier than this (wall clock, bounded by the run's deadline): a follow-up that waits
  // out a server clock counted from an earlier answer (a Retry-After, a nonce's or a session's
  // lifetime). The epoch (the default): at once.
  std::chrono::system_clock::time_point not_before{};
  bool waits() const { return not_before != std::chrono::system_clock::time_point{}; }
  // A check builds a follow-up from this request's answer (set by the plan, not part of the key):
  // it goes in a first round of its own, so the follow-up comes while what it answers (a nonce,
  // a session, a rate window) is still fresh, however many other requests the run has.
  bool feeds_follow_up = false;
  // The check's name for this step ("control", "replay"): its judge reads the answer by this name
  // (Evidence::step), never by position. Not part of the key: checks share requests.
  std::string step;
  Request as(std::string label) const& {
    Request r = *this;
    r.step = std::move(label);
    return r;
  }
  Request as(std::string label) && {
    step = std::move(label);
    return std::move(*this);
  }
  // Sent first on the same connection (keep-alive), to test per-request authentication.
  std::shared_ptr<const Request> preceded_by;
  // Sent to this origin (scheme://host:port) instead of the target's: the cleartext port of an
  // https target, or a forward proxy (with an absolute-form target). "": the target.
  std::string origin;

  // Identity used to send each distinct request once: a SHA-256 digest of everything that goes on
  // the wire (and when), so a run's index of 100,000 requests holds 64 hex digits per key, not the
  // requests again.
  std::string key() const;
  std::string summary() const { return method + " " + target; }
  // Where it goes: the origin (this one's, or else `target_origin`) and the request-target; an
  // absolute-form target is the URL itself.
  std::string url(const std::string& target_origin) const;
};

enum class FailureKind { kNone, kConnect, kTls, kTimeout, kMalformedResponse, kAborted, kOther };
const char* failure_kind_name(FailureKind kind);

constexpr std::size_t kMaxHeaderLines = 200;
constexpr std::size_t kMaxHeaderBytes = 64 * 1024;

struct Response {
  std::string status_line;  // raw, without CRLF
  int status = 0;
  std::vector<HeaderLine> headers;  // wire order, original casing and bytes
  Body body;                        // at most the body limit (a large one spooled by the run)
  bool body_truncated = false;
  std::size_t body_size = 0;  // bytes received in all
  // At most kMaxHeaderLines field lines and kMaxHeaderBytes of them are kept; the rest dropped.
  bool headers_truncated = false;
  std::size_t header_bytes = 0;
  // Names (lower case) of fields that arrived folded (obs-fold, RFC 9112 §5.2): their values hold
  // each fold replaced by one SP, as a recipient reads them; the sender is flagged for it.
  std::vector<std::string> folded;
  // Bytes of content that followed a response to HEAD in the same read (RFC 9110 §9.3.2: the
  // server MUST NOT send any); libcurl drops them and the connection is not reused.
  std::size_t content_after_head = 0;

  // Values of every field line with this name (case-insensitive), in wire order.
  std::vector<std::string> values(const std::string& name) const;
  bool has(const std::string& name) const { return !values(name).empty(); }
  std::string first(const std::string& name) const;
};

// Where an exchange's time went, as libcurl measured it (HAR's timings). dns, connect and tls
// are -1 on a reused connection, tls also on cleartext; connect includes tls, as in HAR.
struct Phases {
  bool measured = false;
  std::chrono::microseconds dns{-1}, connect{-1}, tls{-1}, send{0}, wait{0}, receive{0};
};

struct Exchange {
  Request request;
  std::string url;        // origin + target, for reports
  std::string sent_head;  // the request line and header lines exactly as sent (CRLF-separated)
  std::string preceded;   // what preceded it on the same connection, and its status
  Response response;
  FailureKind failure = FailureKind::kNone;
  std::string error;                                // one line, when failure != kNone
  std::chrono::system_clock::time_point started{};  // when it went out (wall clock, for HAR)
  std::chrono::microseconds elapsed{0};             // microseconds: ENUM-003 compares medians
  Phases phases;

  bool ok() const { return failure == FailureKind::kNone; }
  // Did it reach the wire? A request the run's deadline held back has no start time.
  bool went_out() const { return started != std::chrono::system_clock::time_point{}; }
  // When the answer was complete (wall clock): where a server clock such as a Retry-After starts.
  std::chrono::system_clock::time_point answered() const {
    return started + std::chrono::duration_cast<std::chrono::system_clock::duration>(elapsed);
  }
};

bool iequals(const std::string& a, const std::string& b);
std::string to_lower(std::string s);
// Without the leading and trailing whitespace (SP, HTAB, CR, LF).
std::string trim(const std::string& s);
// The parts between separators, as they are (empty ones included): "a,,b" -> "a", "", "b".
std::vector<std::string> split(const std::string& s, const std::string& separator);
// The items with `separator` between them: {"a", "b"} -> "a, b".
std::string join(const std::vector<std::string>& items, const std::string& separator = ", ");
// RFC 9110 §5.6.2: tchar, and token = 1*tchar (field names, scheme names, parameter names).
bool is_tchar(unsigned char c);
bool is_token(const std::string& s);

}  // namespace authspec
