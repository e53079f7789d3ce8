// [apikey]: an API key, the credential many APIs use instead of an Authorization scheme.
#include "suite/http.h"
#include "suite/profile_reader.h"

namespace authspec {
namespace {

void load_apikey(const ProfileReader& r, Profile& p, const ProfileOverrides&) {
  if (!r.has("key") && !r.has("key_file") && !r.has("resource")) return;
  ApiKeySettings k;
  const std::string place = to_lower(r.text("in").value_or("header"));
  if (place == "header")
    k.place = ApiKeySettings::Place::kHeader;
  else if (place == "query")
    k.place = ApiKeySettings::Place::kQuery;
  else if (place == "cookie")
    k.place = ApiKeySettings::Place::kCookie;
  else
    r.fail("in", "must be header, query or cookie (got \"" + place + "\")");
  if (k.place != ApiKeySettings::Place::kHeader) k.name = "api_key";
  if (auto v = r.text("name")) k.name = *v;
  if (!is_token(k.name)) r.fail("name", "\"" + k.name + "\" is not a field or parameter name");
  if (k.place == ApiKeySettings::Place::kHeader &&
      (iequals(k.name, "Authorization") || iequals(k.name, "Cookie")))
    r.fail("name", k.name + " is not an API-key header (use [bearer] or [session])");
  if (auto v = r.text("key"))
    k.key = *v;
  else if (r.has("key_file"))
    k.key = r.secret_file("key_file");
  if (k.key.empty()) r.fail("resource", "needs apikey.key (or apikey.key_file): a valid key");
  for (unsigned char c : k.key)
    if (c <= ' ' || c >= 0x7f)
      r.fail(r.has("key") ? "key" : "key_file", "must be printable ASCII without spaces");
  k.revoked = r.text("revoked_key").value_or("");
  if (!r.has("resource")) r.fail("key", "needs apikey.resource (METHOD PATH it opens)");
  for (std::size_t i = 0; i < r.list("resource").size(); ++i) {
    Resource res = r.resource("resource", false, i);
    res.schemes = {"apikey"};
    k.resources.push_back(res);
  }
  k.foreign_object = r.optional_resource("foreign_object", false);
  if (k.foreign_object) k.foreign_object->schemes = {"apikey"};
  p.apikey = k;
}

}  // namespace

void add_apikey_sections(std::vector<ProfileSection>& out) {
  out.push_back(
      {{"apikey",
        "An API key sent in a header, a query parameter or a cookie (the APIKEY "
        "checks).",
        {{"in", KeyKind::kText, false, "where the API reads it: header, query or cookie", "header"},
         {"name", KeyKind::kText, false, "the header, parameter or cookie name",
          "X-API-Key (in a query or cookie: api_key)"},
         {"key", KeyKind::kText, true, "a valid key"},
         {"key_file", KeyKind::kText, true, "a file holding the key instead"},
         {"revoked_key", KeyKind::kText, true, "a key the API has revoked"},
         {"resource", KeyKind::kList, false, "METHOD PATH [writes-ok] the key opens, one per line"},
         {"foreign_object", KeyKind::kText, false,
          "METHOD PATH of another identity's object this key must not read"}}},
       load_apikey,
       "no [apikey]: API-key checks skipped",
       [](const Profile& p) { return p.apikey.has_value(); }});
}

}  // namespace authspec
