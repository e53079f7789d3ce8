// [target], [protected] and [public]: where the target is and what it serves.
#include <algorithm>
#include <sstream>
#include <unordered_set>

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
         {"name", KeyKind::kText, false, "a name for reports, shown before the base URL"},
         {"hide_with_404", KeyKind::kFlag, false,
          "the target answers 404 instead of 403 to hide what exists", "false"},
         {"login_redirect", KeyKind::kFlag, false,
          "browser navigations are redirected to a login page instead of 401", "false"},
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
         p.name = r.text("name").value_or("");
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
                   std::unordered_set<std::string> labels;  // (a whole API lists a thousand)
                   for (std::size_t i = 0; i < n; ++i) {
                     Resource res = r.resource("resource", true, i);
                     if (!labels.insert(res.label()).second)
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

  out.push_back(
      {{"description",
        "The API description (OpenAPI, Swagger) the resources were imported from: reports group "
        "results by its operations, SARIF points into it, and DESC-001/002 compare it with the "
        "server. `authspec import openapi` writes this section.",
        {{"file", KeyKind::kText, false, "the description's file, as SARIF names it"},
         {"operation", KeyKind::kList, false,
          "METHOD PATH-TEMPLATE OPERATION-ID POINTER [public], one per line: the operation "
          "(OPERATION-ID - when it has none) at that JSON pointer (/paths/..., or FILE:/... in "
          "another file); public: it requires no credentials"}}},
       [](const ProfileReader& r, Profile& p, const ProfileOverrides&) {
         if (!r.has("file") && !r.has("operation")) return;
         if (!r.has("file")) r.fail("operation", "needs description.file (the description)");
         DescriptionSettings d;
         d.file = *r.text("file");
         const auto lines = r.list("operation");
         std::unordered_set<std::string> labels;  // (a whole API describes a thousand)
         for (std::size_t i = 0; i < lines.size(); ++i) {
           std::istringstream in(lines[i]);
           std::vector<std::string> words;
           for (std::string w; in >> w;) words.push_back(w);
           const bool is_public = words.size() == 5 && words[4] == "public";
           if (words.size() != 4 && !is_public)
             r.fail("operation", "expected METHOD PATH-TEMPLATE OPERATION-ID POINTER [public]", i);
           DescribedOperation op{words[0], words[1], words[2] == "-" ? "" : words[2], words[3],
                                 is_public};
           if (op.method.empty() || std::any_of(op.method.begin(), op.method.end(),
                                                [](char c) { return c < 'A' || c > 'Z'; }))
             r.fail("operation", "the method is upper-case (GET, POST...)", i);
           if (op.path_template.empty() || op.path_template[0] != '/')
             r.fail("operation", "the path template starts with /", i);
           // "/paths/..." (RFC 6901), or "FILE:/..." for a sibling file; kept as the URI
           // fragment reports show ("#/paths/...", "FILE#/...").
           const auto sep = op.pointer.rfind(":/");
           if (!op.pointer.empty() && op.pointer[0] == '/')
             op.pointer = "#" + op.pointer;
           else if (sep != std::string::npos && sep > 0)
             op.pointer = op.pointer.substr(0, sep) + "#" + op.pointer.substr(sep + 1);
           else
             r.fail("operation",
                    "the pointer is a JSON pointer (/paths/..., or FILE:/... in another file)", i);
           if (!labels.insert(op.label()).second)
             r.fail("operation", op.label() + " is listed twice", i);
           d.operations.push_back(op);
         }
         p.description = d;
       },
       "",
       nullptr});
}

}  // namespace authspec
