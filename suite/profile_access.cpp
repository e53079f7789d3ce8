// [deny], [authz] and [rate]: who may not get in, whose objects are whose, and how fast.
#include "suite/profile_reader.h"

namespace authspec {
namespace {

void load_rate(const ProfileReader& r, Profile& p, const ProfileOverrides&) {
  if (!r.has("resource") && !r.has("login_resource") && !r.has("lockout_attempts")) return;
  RateSettings rate;
  rate.lockout_attempts = r.number("lockout_attempts", 1, 1000, 0);
  // SCHEMES optional: a limit per address needs no credentials (the burst is then anonymous).
  if (r.has("resource")) rate.resource = r.resource_any_schemes("resource");
  rate.login_resource = r.optional_resource("login_resource", true);
  rate.budget = r.number("budget", 1, 45, 5);
  rate.window_ms = r.milliseconds("window", 1, 3600 * 1000, 2000);
  rate.attempts = r.number("attempts", 1, 100, 10);
  rate.concurrency_limit = r.number("concurrency_limit", 1, 40, 2);
  rate.wait_cap = r.number("wait_cap", 0, 60, 10);
  rate.concurrency_resource = r.optional_resource("concurrency_resource", true);
  rate.lockout = r.password("lockout_user", "lockout_password");
  if (rate.login_resource && !rate.lockout)
    r.fail("login_resource",
           "needs rate.lockout_user and rate.lockout_password (a sacrificial account)");
  p.rate = rate;
}

}  // namespace

void add_access_sections(std::vector<ProfileSection>& out) {
  out.push_back({{"deny",
                  "Resources refused to this client by address or network, whatever its "
                  "credentials (403, never 401).",
                  {{"resource", KeyKind::kList, false,
                    "METHOD PATH [SCHEMES]: denied to this client's address"},
                   {"internal_resource", KeyKind::kList, false,
                    "METHOD PATH [SCHEMES]: for an internal network this client is outside of"}}},
                 [](const ProfileReader& r, Profile& p, const ProfileOverrides&) {
                   for (auto [key, list] : {std::pair{"resource", &p.deny_resources},
                                            std::pair{"internal_resource", &p.internal_resources}})
                     for (std::size_t i = 0; i < r.list(key).size(); ++i)
                       list->push_back(r.resource_any_schemes(key, i));
                 },
                 "",
                 nullptr});

  out.push_back({{"authz",
                  "Objects for the authorisation checks.",
                  {{"foreign_object", KeyKind::kText, false,
                    "METHOD PATH SCHEMES of another user's object the main credentials must not "
                    "read"},
                   {"admin_object", KeyKind::kText, false,
                    "METHOD PATH SCHEMES of an existing admin-only object"}}},
                 [](const ProfileReader& r, Profile& p, const ProfileOverrides&) {
                   p.foreign_object = r.optional_resource("foreign_object", true);
                   p.admin_object = r.optional_resource("admin_object", true);
                 },
                 "",
                 nullptr});

  out.push_back(
      {{"rate",
        "Rate limits and login throttling; bursts run only with --allow-bursts.",
        {{"resource", KeyKind::kText, false,
          "METHOD PATH [SCHEMES] of a rate-limited resource (without SCHEMES: asked anonymously)"},
         {"budget", KeyKind::kText, false, "requests allowed per window", "5"},
         {"window", KeyKind::kText, false, "the window, seconds", "2"},
         {"login_resource", KeyKind::kText, false,
          "METHOD PATH SCHEMES where failed logins are throttled"},
         {"lockout_user", KeyKind::kText, false, "a sacrificial account for the login burst"},
         {"lockout_password", KeyKind::kText, true, "its password"},
         {"lockout_password_file", KeyKind::kText, true, "a file holding it instead"},
         {"attempts", KeyKind::kText, false, "wrong passwords in the burst", "10"},
         {"concurrency_resource", KeyKind::kText, false,
          "METHOD PATH SCHEMES of a resource with a concurrency limit"},
         {"concurrency_limit", KeyKind::kText, false, "requests it serves at once", "2"},
         {"wait_cap", KeyKind::kText, false, "the longest Retry-After a run waits out, seconds",
          "10"},
         {"lockout_attempts", KeyKind::kText, false,
          "the target locks an account after this many wrong passwords: the run sends fewer",
          "none known"}}},
       load_rate,
       "",
       nullptr});
}

}  // namespace authspec
