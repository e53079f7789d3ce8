#include "suite/lock_watch.h"

#include <algorithm>
#include <ctime>
#include <utility>

#include "suite/check.h"

namespace authspec {
namespace {

// "Basic  dXNlcg==" and "bASIC dXNlcg==" are the same credential (scheme case, extra spaces).
std::string normalised(const std::string& authorization) {
  const std::string v = trim(authorization);
  const auto sp = v.find(' ');
  if (sp == std::string::npos) return to_lower(v);
  return to_lower(v.substr(0, sp)) + " " + trim(v.substr(sp + 1));
}

// The key a credential is found by: the field it travels in, lower case ("?" for a query
// parameter), and its value (an Authorization value normalised).
std::string credential_key(const std::string& field, const std::string& value) {
  if (field.empty()) return "?\n" + value;
  return to_lower(field) + "\n" +
         (iequals(field, "Authorization") ? normalised(value) : trim(value));
}

// Where an API key travels, as add_api_key puts it: a field and its value, or ("", "name=value")
// for a query parameter.
HeaderLine api_key_carrier(ApiKeySettings::Place place, const std::string& name,
                           const std::string& key) {
  Request r;
  r.target.clear();
  add_api_key(r, place, name, key);
  if (!r.headers.empty()) return r.headers.front();
  return {"", r.target.substr(1)};
}

// Takes the query parameter off the end of `target`, where add_api_key appends it ("?p" or "&p"):
// did it end with it?
bool strip_parameter(std::string& target, const std::string& parameter) {
  const std::size_t n = parameter.size() + 1;
  if (target.size() <= n ||
      target.compare(target.size() - parameter.size(), std::string::npos, parameter) != 0)
    return false;
  const char before = target[target.size() - n];
  if (before != '?' && before != '&') return false;
  target.resize(target.size() - n);
  return true;
}

// What probably happened to a credential that stopped working, by its kind.
constexpr const char* kLocked = "the account was probably locked, by this run or by someone else";
constexpr const char* kRevoked =
    "the key was probably revoked or expired, by this run or by someone else";
constexpr const char* kSessionEnded =
    "the session probably ended (expired or logged out), by this run or by someone else";

std::string clock_time(std::chrono::system_clock::time_point t) {
  const std::time_t s = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&s, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%H:%M:%S", &tm);
  return buf;
}

}  // namespace

LockWatch::LockWatch(const Profile& profile) : profile_(profile) {
  for (const auto& r : profile.protected_resources) resources_at_[profile.target(r)].push_back(&r);
  if (profile.rate)
    for (const auto* r : {&profile.rate->resource, &profile.rate->login_resource,
                          &profile.rate->concurrency_resource})
      if (*r) throttled_.insert(place(**r));
  auto allow = [&](Identity& id, const std::vector<Resource>& may) {
    for (const auto& r : may) {
      id.allowed.insert(place(r));
      id.allowed_targets.insert(profile.target(r));
    }
  };
  if (profile.basic)
    add("Authorization", profile.basic->basic_credentials(), "Basic user " + profile.basic->user,
        kLocked);
  if (profile.bearer) add("Authorization", "Bearer " + *profile.bearer, "Bearer token", kLocked);
  if (profile.low) {
    const std::string forbidden = place(profile.low->resource);
    if (profile.low->basic)
      add("Authorization", profile.low->basic->basic_credentials(),
          "low-privilege Basic user " + profile.low->basic->user, kLocked)
          .forbidden.insert(forbidden);
    if (profile.low->token)
      add("Authorization", "Bearer " + *profile.low->token, "low-scope token", kLocked)
          .forbidden.insert(forbidden);
  }
  // An API key opens the resources [apikey] lists, and must not open the foreign object.
  const ApiKeySettings keys = profile.apikey.value_or(ApiKeySettings{});
  if (profile.apikey) {
    const auto [field, value] = api_key_carrier(keys.place, keys.name, keys.key);
    Identity& id = add(field, value, "API key", kRevoked, true);
    allow(id, keys.resources);
    if (keys.foreign_object) id.forbidden.insert(place(*keys.foreign_object));
  }
  // The role identities whose credential is known before the run (not a token fetched during
  // it, nor a login's cookie: those are not watched), where their role may go.
  for (const auto& role : profile.identities) {
    HeaderLine carrier{"Authorization", role.authorization()};
    const char* why = kLocked;
    if (role.kind == RoleIdentity::Kind::kApiKey) {
      carrier = api_key_carrier(keys.place, keys.name, role.secret);
      why = kRevoked;
    } else if (role.kind == RoleIdentity::Kind::kCookie) {
      carrier = {"Cookie", role.secret};
      why = kSessionEnded;
    }
    if (carrier.second.empty()) continue;
    Identity& id = add(carrier.first, carrier.second, "identity " + role.name, why, true);
    allow(id, role.may);
    for (const auto& r : role.refused) id.forbidden.insert(place(r));
  }
}

// A credential given twice (the [basic] user as a role identity too) keeps its first label and
// gathers where it may and may not go; it is known to open only what it may when its first giving
// says so.
LockWatch::Identity& LockWatch::add(const std::string& field, const std::string& value,
                                    const std::string& label, const std::string& why,
                                    bool only_allowed) {
  const std::string key = credential_key(field, value);
  const auto [it, added] = by_credential_.try_emplace(key);
  Identity& id = it->second;
  if (added) {
    id.label = label;
    id.field = field;
    id.spelling = value;
    id.why = why;
    id.only_allowed = only_allowed;
    if (iequals(field, "Authorization")) id.scheme = to_lower(value.substr(0, value.find(' ')));
  }
  query_watched_ = query_watched_ || field.empty();
  return id;
}

std::string LockWatch::place(const Resource& r) const {
  return r.method + " " + profile_.target(r);
}

const LockWatch::Identity* LockWatch::identity_of(const Request& request) const {
  const Identity* found = nullptr;
  bool two = false, authorization_seen = false;
  auto look_up = [&](const std::string& field, const std::string& value) {
    const auto it = by_credential_.find(credential_key(field, value));
    if (it == by_credential_.end()) return;
    two = two || (found && found != &it->second);
    found = &it->second;
  };
  for (const auto& [name, value] : request.headers) {
    if (iequals(name, "Authorization")) {
      if (authorization_seen) return nullptr;  // two fields: another question (CHAL-013)
      authorization_seen = true;
    }
    look_up(name, value);
  }
  if (const auto q = request.target.find('?'); query_watched_ && q != std::string::npos)
    for (const auto& parameter : split(request.target.substr(q + 1), "&")) look_up("", parameter);
  return two ? nullptr : found;
}

LockWatch::Identity* LockWatch::identity_of(const Request& request) {
  return const_cast<Identity*>(std::as_const(*this).identity_of(request));
}

void LockWatch::observe(const std::deque<Exchange>& exchanges) {
  // Only answers count (a request not sent, or not answered, says nothing of the credential),
  // read in the order they were sent.
  auto answered_from = [&](std::size_t first) {
    std::vector<std::size_t> out;
    for (std::size_t i = first; i < exchanges.size(); ++i)
      if (exchanges[i].ok()) out.push_back(i);
    std::stable_sort(out.begin(), out.end(), [&](std::size_t a, std::size_t b) {
      return exchanges[a].started < exchanges[b].started;
    });
    return out;
  };
  std::vector<std::size_t> order = answered_from(std::min(read_, exchanges.size()));
  // Sent before an answer already read (or a shorter run than last time): read it all again.
  const bool again = exchanges.size() < read_ ||
                     (!order.empty() && exchanges[order.front()].started < latest_read_);
  if (again) {
    for (auto& [value, identity] : by_credential_) identity.reading = {};
    latest_read_ = {};
    order = answered_from(0);
  }
  for (const std::size_t i : order) {
    read(exchanges, i);
    latest_read_ = std::max(latest_read_, exchanges[i].started);
  }
  read_ = exchanges.size();
  for (auto& [value, identity] : by_credential_) {
    const Reading& r = identity.reading;
    // Refused at least twice after it last worked: stopped.
    if (r.refusals >= 2) {
      const Exchange& refusal = exchanges[r.counted.front()];
      identity.stopped = true;
      identity.worked = r.last_success_sent;
      identity.refused = refusal.started;
      // Named without a key sent in the query (the notice goes to the console).
      std::string target = refusal.request.target;
      if (identity.field.empty()) strip_parameter(target, identity.spelling);
      identity.where = refusal.request.method + " " + target;
      identity.proof = r.counted;
      if (r.last_success != SIZE_MAX) identity.proof.insert(identity.proof.begin(), r.last_success);
    }
  }
}

void LockWatch::read(const std::deque<Exchange>& run, std::size_t index) {
  const Exchange& ex = run[index];
  Identity* identity = identity_of(ex.request);
  if (!identity) return;
  const std::string& scheme = identity->scheme;
  // The resource's target: a key sent in the query is appended to it, as add_api_key appends it
  // (a target with the key elsewhere matches no resource).
  std::string target = ex.request.target;
  const bool key_appended = identity->field.empty() && strip_parameter(target, identity->spelling);
  // Only the plain question "may this credential use this resource", asked of a protected
  // resource of the profile that takes its scheme (or one it may use): not bursts, nor the
  // rate-limited resources (a throttle may answer 401 and lift again), nor other origins.
  auto judged_here = [&] {
    // The credential alone, spelled as the profile spells it (not after two spaces, nor with the
    // scheme in another case, nor under a field name in another case: a target may refuse those
    // for what they are), and no Origin, override or other field that could explain a refusal.
    if (!ex.request.origin.empty() || ex.request.repeat || ex.request.waits() ||
        ex.request.preceded_by)
      return false;
    const bool alone = identity->field.empty()
                           ? key_appended && ex.request.headers.empty()
                           : ex.request.headers.size() == 1 &&
                                 ex.request.headers.front().first == identity->field &&
                                 ex.request.headers.front().second == identity->spelling;
    if (!alone) return false;
    // Refused where it has no permission (the [low] identity's resource, a role's refused ones):
    // a 401 there is the insufficient-permission defect (AUTHZ-001's), not a lock.
    const std::string at_place = ex.request.method + " " + target;
    if (identity->forbidden.count(at_place) || throttled_.count(at_place)) return false;
    if (identity->allowed.count(at_place)) return true;
    if (identity->only_allowed) return false;
    const auto at = resources_at_.find(target);
    if (at == resources_at_.end()) return false;
    for (const Resource* r : at->second)
      if (r->method == ex.request.method) return r->accepts(scheme);
    return false;
  };
  // A 2xx proves the credential worked whatever else the request carried (a HEAD, a scheme in
  // another case, an extra field): requests race, and the ones that reach the server first need
  // not be plain questions. Only a refusal must be the plain question to count.
  auto worked_here = [&] {
    if (!ex.request.origin.empty() || ex.request.repeat) return false;
    if (identity->allowed_targets.count(target)) return true;
    const auto at = resources_at_.find(target);
    if (at == resources_at_.end()) return false;
    for (const Resource* r : at->second)
      if (r->accepts(scheme)) return true;
    return false;
  };
  Reading& r = identity->reading;
  const int s = ex.response.status;
  const bool recheck = ex.request.step == kRecheckStep;
  if (s >= 200 && s < 300 && worked_here()) {
    // Worked again: what came before says nothing of a lock. (Requests race: one sent a little
    // later may have reached the server before one refused for another reason.)
    r.refusals = 0;
    r.counted.clear();
    r.any_success = true;
    if (r.last_success == SIZE_MAX || ex.started >= r.last_success_sent) r.last_success = index;
    r.last_success_sent = std::max(r.last_success_sent, ex.started);
    r.worked = std::max(r.worked, ex.answered());
    if (!recheck && judged_here()) identity->plain_success = ex.request;
  } else if (s == 401 && r.any_success && judged_here() &&
             (!r.counted.empty() || ex.started >= r.worked)) {
    // The question asked again after every other answer came back settles it alone.
    r.refusals += recheck ? 2 : 1;
    r.counted.push_back(index);
    identity->doubted_before = std::max(identity->doubted_before, index + 1);
  } else if (s == 401 && r.any_success && worked_here()) {
    identity->doubted_before = std::max(identity->doubted_before, index + 1);
  }
}

bool LockWatch::carries_stopped(const Request& request) const {
  const Identity* id = identity_of(request);
  return id && id->stopped;
}

std::string LockWatch::spoiled(const Exchange& ex) const {
  const Identity* id = identity_of(ex.request);
  // Requests run concurrently and the server may take them in another order: only an answer that
  // came back before the last working request went out was surely given before the lock.
  if (!id || !id->stopped || ex.answered() < id->worked) return "";
  return "not decided: the " + id->label + " stopped working during the run (401 to " + id->where +
         " at " + clock_time(id->refused) + " after it had worked): " + id->why;
}

std::vector<Request> LockWatch::rechecks() {
  std::vector<Request> out;
  for (const auto& [value, id] : by_credential_)
    if (id.doubted_before > rechecked_before_ && !id.stopped && id.plain_success)
      out.push_back(Request(*id.plain_success).as(kRecheckStep));
  rechecked_before_ = read_;
  return out;
}

std::vector<std::size_t> LockWatch::proof() const {
  std::vector<std::size_t> out;
  for (const auto& [value, id] : by_credential_)
    if (id.stopped) out.insert(out.end(), id.proof.begin(), id.proof.end());
  return out;
}

std::vector<std::string> LockWatch::notices() const {
  std::vector<std::string> out;
  for (const auto& [value, id] : by_credential_)
    if (id.stopped)
      out.push_back("the " + id.label + " worked, then got 401 from " + clock_time(id.refused) +
                    " on (" + id.where + "): " + id.why +
                    "; the results that needed it are undecided");
  return out;
}

}  // namespace authspec
