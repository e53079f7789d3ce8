// [target], [protected] and [public]: where the target is and what it serves.
#include "suite/profile_reader.h"

namespace authspec {

void add_target_sections(std::vector<ProfileSection>& out) {
  out.push_back(
      {{"target",
        "Where the target listens and how its protected content is recognised.",
        {{"base_url", KeyKind::kText, false,
          "http(s)://HOST[:PORT][/PREFIX]; --target overrides it"},
         {"canary", KeyKind::kText, false,
          "a string only protected responses contain (found whatever the status)"},
         {"name", KeyKind::kText, false, "a name for reports"},
         {"hide_with_404", KeyKind::kFlag, false,
          "the target answers 404 instead of 403 to hide what exists"},
         {"login_redirect", KeyKind::kFlag, false,
          "browser navigations are redirected to a login page instead of 401"},
         {"cleartext", KeyKind::kText, false,
          "intended: a plain-http target on purpose; cleartext findings become waived advice"}}},
       [](const ProfileReader& r, Profile& p, const ProfileOverrides& overrides) {
         if (overrides.base_url) {
           parse_base_url(*overrides.base_url, "--target", p.origin, p.prefix);
         } else if (auto v = r.text("base_url")) {
           try {
             parse_base_url(*v, "x", p.origin, p.prefix);
           } catch (const ProfileError& e) {
             r.fail("base_url", std::string(e.what()).substr(3));
           }
         } else {
           r.fail("base_url", "missing (the target's URL, e.g. https://staging.example:8443)");
         }
         // Optional: a resource may name its own, or the run learns one (suite/canary_learning.h).
         p.canary = r.text("canary").value_or("");
         p.hide_with_404 = r.flag("hide_with_404").value_or(p.hide_with_404);
         p.login_redirect = r.flag("login_redirect").value_or(p.login_redirect);
         if (const auto v = r.text("cleartext")) {
           if (*v != "intended") r.fail("cleartext", "must be intended (or leave the key out)");
           if (p.origin.rfind("http://", 0) != 0)
             r.fail("cleartext", "the target is https: the policy is for plain-http targets");
           p.cleartext_intended = true;
         }
       },
       "",
       nullptr});

  out.push_back({{"protected",
                  "The resources that need credentials.",
                  {{"resource", KeyKind::kList, false,
                    "METHOD PATH SCHEMES [writes-ok] [canary=TEXT], one per line; SCHEMES: basic, "
                    "bearer, or another Authorization scheme (token)"}}},
                 [](const ProfileReader& r, Profile& p, const ProfileOverrides&) {
                   if (!r.has("resource"))
                     r.fail("resource", "missing (at least one protected resource)");
                   const std::size_t n = r.list("resource").size();
                   for (std::size_t i = 0; i < n; ++i) {
                     Resource res = r.resource("resource", true, i);
                     for (const auto& earlier : p.protected_resources)
                       if (earlier.label() == res.label())
                         r.fail("resource", res.label() + " is listed twice", i);
                     p.protected_resources.push_back(res);
                   }
                   add_head_twins(p.protected_resources);
                 },
                 "",
                 nullptr});

  out.push_back({{"public",
                  "Resources anyone may read (the positive control for public content).",
                  {{"resource", KeyKind::kList, false, "METHOD PATH, one per line"}}},
                 [](const ProfileReader& r, Profile& p, const ProfileOverrides&) {
                   for (std::size_t i = 0; i < r.list("resource").size(); ++i) {
                     Resource res = r.resource("resource", false, i);
                     res.is_public = true;
                     p.public_resources.push_back(res);
                   }
                 },
                 "no public resource listed",
                 [](const Profile& p) { return !p.public_resources.empty(); }});
}

}  // namespace authspec
