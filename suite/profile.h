// The target profile: an INI file read with Boost.Program_options, overridden by AUTHSPEC_*
// environment variables and command-line options.
#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "suite/content_markers.h"

namespace authspec {

// One line of error naming the file, line and key; the CLI exits 2 on it.
class ProfileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Resource {
  std::string method;
  std::string path;                  // as given; the base URL's prefix is added by target()
  std::vector<std::string> schemes;  // lower-case: basic, bearer
  bool writes_ok = false;
  bool head_twin = false;  // the HEAD version of a GET resource, added by the loader
  bool is_public = false;
  // The protected content's marker on this resource ("canary=TEXT" on its line); "" : the
  // profile's [target] canary.
  std::string canary;

  bool accepts(const std::string& scheme) const;
  std::string label() const { return method + " " + path; }
};

struct Password {
  std::string user, password;
  // The credentials as Basic sends them (RFC 7617): "Basic " and the base64 of user:password.
  std::string basic_credentials() const;
};

// A valid identity that lacks permission for one resource: Basic credentials, a Bearer token
// (one without the needed scope), or both.
struct Identity {
  std::optional<Password> basic;
  std::optional<std::string> token;
  // low.scope: without a token of its own, one is fetched from [oauth] at the start of the run
  // with only these scopes (space-separated), so it lacks the one `resource` needs.
  std::string scope;
  Resource resource;  // the resource this identity must not get
};

// JWT material: a valid token to tamper with, and optionally what is needed to mint tokens that
// are correct in every way but one.
struct JwtSettings {
  std::string token;        // a valid JWT (jwt.token, or bearer.token when that is a JWT)
  std::string hmac_secret;  // HS256 signing secret
  std::string private_key_pem, public_key_pem;
  std::string issuer, audience, subject = "authspec", scope, kid;
  std::string revoked_jti;       // a jti the target has revoked (the mock's revocation list)
  std::string access_token_typ;  // the typ the target enforces for access tokens (e.g. at+jwt)
  std::string other_kind_token;  // a valid JWT of another kind (ID token, refresh token)
  // Extra claims and header parameters of minted tokens, name and JSON value as written
  // (permissions=["admin"], x5c=["MIIC..."]); a value that is not JSON is a string.
  std::vector<std::pair<std::string, std::string>> claims, header_params;
  bool can_mint() const { return !hmac_secret.empty() || !private_key_pem.empty(); }
};

// Step-up authentication (RFC 9470): a resource that needs a strong, recent authentication.
struct StepUpSettings {
  Resource resource;
  std::string weak_token;  // valid, but its authentication is too weak or too old
  std::string strong_acr;  // minted into the positive control's acr (with [jwt] signing material)
};

// DPoP (RFC 9449): a resource that accepts DPoP-bound tokens.
struct DpopSettings {
  Resource resource;
  std::optional<Resource> nonce_resource;  // one that requires a server-issued nonce
  std::string token;                       // a DPoP-bound token (default: minted per run)
  std::string key_pem;                     // the client key that token is bound to
};

// Rate limiting and login throttling (RFC 6585 §4, ASVS V2.2). Bursts run only when allowed.
struct RateSettings {
  std::optional<Resource> resource;              // a rate-limited resource
  int budget = 5;                                // requests per window
  int window_ms = 2000;                          // rate.window, in seconds (decimals allowed)
  std::optional<Resource> login_resource;        // where failed logins are throttled
  std::optional<Password> lockout;               // a sacrificial account for the lockout probe
  int attempts = 10;                             // wrong passwords sent (at most 100)
  std::optional<Resource> concurrency_resource;  // one with a limit on requests in flight
  int concurrency_limit = 2;
  int wait_cap = 10;  // seconds RATE-003 may wait out a Retry-After (0: never wait)
  // The target's lockout policy: this many wrong passwords lock an account (0: not stated). The
  // run sends at most one fewer per account it tests with (suite/lockout_pacing.h).
  int lockout_attempts = 0;
};

struct TlsSettings {
  bool insecure = false;
  // PEM contents: the files are read when the profile loads (profile paths are relative to its
  // folder, command-line paths to the working directory).
  std::string cacert_pem, cert_pem, key_pem;
  // The files as the profile or the command line named them, for the reports' curl commands.
  std::string cacert_file, cert_file, key_file;
  // The cleartext origin of an https target (http://host:port), for the TLS checks; and a
  // throw-away Basic credential that may be exposed over it (never the real one).
  std::string http_origin;
  std::optional<Password> throwaway;
};

// CORS (the Fetch standard): the origins the target allows for browser clients, one it must
// refuse, and whether those clients send credentials (cookies: credentials mode "include").
struct CorsSettings {
  std::vector<std::string> allowed_origins;
  std::string disallowed_origin = "https://evil.example";
  bool credentials = false;
};

// Cookie sessions: how to log in (a request whose answer sets the session cookie), log out, and
// which resource the cookie opens; whether refusals are API 401s or browser redirects.
struct SessionSettings {
  Resource login, logout, resource;
  std::optional<Resource> anonymous;  // hands out a pre-login session (for the fixation check)
  std::string login_body, login_content_type = "application/x-www-form-urlencoded";
  std::string cookie;         // the session cookie's name
  bool browser_mode = false;  // refusals are redirects to the login page, not 401s
  int idle_timeout_ms = 0;    // session.idle_timeout (seconds); 0: unknown (SESS-007 skipped)
};

// Digest (RFC 7616): a resource that takes Digest credentials, valid ones for it, and how long its
// nonces live (the stale-nonce check waits that out when it is short).
struct DigestSettings {
  Resource resource;
  Password credentials;
  int nonce_lifetime_ms = 0;  // digest.nonce_lifetime (seconds); 0: unknown (DIGEST-008 skipped)
  bool expect_authentication_info = false;  // DIGEST-006 then requires Authentication-Info
};

// Username enumeration: where a known user (the [basic] user, with a wrong password) and an
// unknown one are compared, how many timing samples per side, and a password-reset request.
struct EnumSettings {
  std::optional<Resource> resource;  // default: the first protected resource accepting basic
  std::string unknown_user = "authspec-no-such-user-5e1d";
  int samples = 30;
  std::optional<Resource> reset;
  std::string reset_field = "user";
};

// A forward proxy in front of the target (RFC 9110 §11.7): where it listens, its own Basic
// credentials, and the resource requested through it (default: the first protected one).
struct ProxySettings {
  std::string origin;  // http://host:port
  Password credentials;
  std::optional<Password> forbidden;  // valid proxy credentials the proxy does not permit
  std::optional<Resource> resource;
};

// An API key (a credential that is not an Authorization scheme): where the target reads it, the
// valid key, and the resources it opens. The APIKEY checks send every variant of it.
struct ApiKeySettings {
  enum class Place { kHeader, kQuery, kCookie } place = Place::kHeader;
  std::string name = "X-API-Key";  // the header, query parameter or cookie it travels in
  std::string key;                 // a valid key
  std::string revoked;             // a key the target has revoked ("" : not tested)
  std::vector<Resource> resources;
  std::optional<Resource> foreign_object;  // another identity's object this key must not read
};
const char* place_name(ApiKeySettings::Place place);  // header, query, cookie

// OAuth 2.0 (RFC 6749): a token endpoint the run fetches its Bearer token from (when [bearer]
// names none), and whose answers to a client with a wrong secret the OAUTH checks judge.
struct OAuthSettings {
  std::string origin;  // the token endpoint's origin ("" : the target's)
  std::string path;    // its request-target
  // oauth.discovery: an OpenID Connect discovery document (origin "" : the target's), whose
  // token_endpoint becomes origin and path at the start of the run when token_url is not given.
  std::string discovery_origin, discovery_path;
  std::string grant = "client_credentials";  // or password, refresh_token
  std::string client_id, client_secret;
  bool basic_auth = true;  // client authentication: Basic (RFC 6749 §2.3.1) or in the body
  std::string scope, audience;
  std::optional<Password> owner;     // the resource owner (password grant)
  std::string refresh_token;         // the refresh_token grant's token
  std::string fetched;               // the access token obtained at the start of the run
  std::string issued_refresh_token;  // the refresh token that answer carried (masked)
  long expires_in = 0;               // as the endpoint said (0: not said)
  // How long past expiry the target may still accept a token (clock-skew leeway, RFC 7519
  // §4.1.4 "small leeway"): OAUTH-004 waits out expires_in plus this. Libraries default to 60 s.
  int leeway_ms = 60000;
};

// A named identity of the role matrix ([identity.NAME]): one credential, and the protected
// resources it may use (2xx and the content) and must be refused (403, or 404 when hiding).
struct RoleIdentity {
  enum class Kind {
    kBasic,
    kDigest,  // user and password answering each resource's Digest challenge (RFC 7616)
    kBearer,
    kAuthorization,
    kApiKey,
    kCookie,
    kOAuthClient,
    kLogin
  };
  std::string name;
  Kind kind = Kind::kBasic;
  std::optional<Password> basic;
  // The bearer token, the whole Authorization value ("Token abc"), the API key, the Cookie
  // header value, or the login body posted to [session] login (kLogin: its cells carry the
  // session cookie that login sets, captured during the run).
  std::string secret;
  std::string client_id, client_secret;  // kOAuthClient: fetched with [oauth]'s endpoint
  std::vector<Resource> may, refused;
  // The scheme its requests carry, lower-case ("basic", "bearer", "token"; "" for key, cookie).
  std::string scheme() const;
  // The Authorization value its requests carry when the profile gives it (a user and password, a
  // token, an authorization value); "" for the others (a token fetched during the run, Digest
  // answers, an API key, a cookie, a login's session).
  std::string authorization() const;
  // basic, digest, bearer, authorization, api key, cookie, oauth client, login
  std::string kind_name() const;
};

// [description]: the API description (OpenAPI, Swagger) the resources were imported from, so
// reports can group results by operation and SARIF can point into the description.
struct DescribedOperation {
  std::string method;         // upper-case
  std::string path_template;  // "/pets/{id}": a {name} segment matches any one segment
  std::string id;             // the operationId ("" when it has none)
  std::string pointer;        // "#/paths/~1pets~1{id}/get" (a sibling file's: "FILE#/...")
  bool is_public = false;     // the description requires no credentials for it
  std::string label() const { return method + " " + path_template; }
  std::string name() const { return id.empty() ? label() : id; }  // for reports
};
struct DescriptionSettings {
  std::string file;  // as the import named it
  std::vector<DescribedOperation> operations;
  // Resource label -> index in `operations` (SIZE_MAX: none), built when the profile is loaded:
  // scoring, the DESC checks and the JSON and SARIF writers ask for every result, so a run of
  // 1,000 operations must not match templates per result. Indices, as Profile is copied.
  std::unordered_map<std::string, std::size_t> by_label;
};

struct Profile {
  std::string source;  // the file it came from, for messages
  // How reports title the target: its base URL, after target.name when there is one.
  std::string target_title() const {
    return name.empty() ? origin + prefix : name + " (" + origin + prefix + ")";
  }
  bool bundled_mock = false;  // the embedded default target, not the user's server
  // Built from --target URLs and what they answered, without a profile: no credentials, no
  // canary. The checks that need neither run; the report says what a profile would add.
  bool zero_config = false;
  std::vector<std::string> notices;  // lines every report shows (URLs left untested, and why)
  std::string origin;                // scheme://host:port
  std::string prefix;                // path prefix from the base URL ("" or "/something")
  std::string name;                  // target.name: what the reports call the target ("": none)
  std::string canary;
  bool hide_with_404 = false;
  bool login_redirect = false;
  // A plain-http target on purpose (a test environment): the cleartext findings are shown as
  // waived advice, with a note in every report, instead of failing the gate.
  bool cleartext_intended = false;
  std::vector<Resource> protected_resources;  // HEAD twins included
  std::vector<Resource> public_resources;
  std::optional<Password> basic, basic_colon, basic_utf8;
  std::optional<std::string> bearer;
  std::optional<std::string> bearer_expired, bearer_revoked;  // ready-made invalid tokens
  std::optional<Identity> low;
  std::optional<JwtSettings> jwt;
  std::optional<StepUpSettings> step;
  std::optional<DpopSettings> dpop;
  // Resources the tester's address is denied (deny.resource), and internal-only resources the
  // tester is outside of (deny.internal_resource): network-based access control.
  std::vector<Resource> deny_resources, internal_resources;
  std::optional<RateSettings> rate;
  // Authorization of objects: one of another user's objects (the profile's main credentials must
  // not read it), and an existing admin-only object (compared with a missing one for [low]).
  std::optional<Resource> foreign_object, admin_object;
  bool allow_bursts = false;  // --allow-bursts (automatic for the embedded mock)
  int in_flight = 8;          // --concurrency: a concurrency limit is testable only above it
  TlsSettings tls;
  std::optional<CorsSettings> cors;
  std::optional<SessionSettings> session;
  EnumSettings enumeration;
  std::optional<DigestSettings> digest;
  std::optional<ProxySettings> proxy;
  std::optional<ApiKeySettings> apikey;
  std::optional<OAuthSettings> oauth;
  std::vector<RoleIdentity> identities;  // the role matrix, in the file's order
  std::optional<DescriptionSettings> description;

  // The described operation a resource label ("GET /pets/17") is, or null (no [description], or
  // not described). A HEAD twin is its GET's operation.
  const DescribedOperation* operation_of(const std::string& label) const;

  std::string target(const Resource& r) const { return prefix + r.path; }
  // The marker of `r`'s protected content: its own canary, else the profile's ("" : none).
  const std::string& canary_of(const Resource* r) const;
  // Does this body hold any protected content the profile can recognise (any resource's canary)?
  bool holds_protected_content(const std::string& body) const;
  // Call after changing canaries once the profile has been used (canary learning does).
  void canaries_changed() { content_markers.forget(); }
  bool has_credentials(const std::string& scheme) const;
  // The first identity with an Authorization value of this other scheme ("token"), or null:
  // the valid credential of that scheme for every check (Basic and Bearer have their sections).
  const RoleIdentity* custom_credential(const std::string& scheme) const;
  // May a state-changing method be sent to this request-target's path? (a writes-ok resource)
  bool writes_ok_for(const std::string& target) const;
  // Every secret value, for masking.
  std::vector<std::string> secrets() const;
  // The values of the keys the profile's sections declare secret, as the loader read them.
  std::vector<std::string> declared_secrets;
  // Every canary, indexed for holds_protected_content (built on first use).
  ContentMarkersCache content_markers;
};

// Overrides from the command line, applied over the file and the environment.
struct ProfileOverrides {
  std::optional<std::string> base_url;
  std::optional<bool> insecure;
  std::optional<std::string> cacert, cert, key;
  // Set for the embedded mock, whose ports and certificate are known only once it runs.
  std::optional<std::string> http_url, proxy_url, cacert_pem;
};

// What `authspec init` writes where only the user knows the value; a profile holding it is refused.
constexpr const char* kFillIn = "FILL-IN";

// Reads a profile file. Throws ProfileError ("FILE:LINE: key K: what is wrong"). Files the
// profile names (keys, secrets) are relative to its folder.
Profile load_profile(const std::string& path, const ProfileOverrides& overrides);
// A profile and the files it names are at most this large (a key file, a token, a password).
constexpr std::size_t kMaxProfileBytes = 1 << 20;
// The bytes of a regular file of at most `limit` bytes; a ProfileError naming the path when it is
// missing, a folder, a pipe or device (which would block), too large or unreadable.
std::string read_regular_file(const std::string& path, std::size_t limit);
// The files a profile names (key files, secret files), relative to `dir`: their text, or nullopt
// when unreadable (the loader names the key and the file).
std::function<std::optional<std::string>(const std::string&)> profile_file_reader(
    const std::string& dir);

// Milliseconds as a profile writes seconds: 1500 -> "1.5", 5000 -> "5".
std::string format_seconds(long ms);
// The AUTHSPEC_* variables of the environment that set a profile key (AUTHSPEC_TARGET_BASE_URL
// sets target.base_url), in the order the environment lists them.
std::vector<std::string> profile_variables_in_environment();
// The same for profile text already in memory; `name` is for messages. `read_file` resolves the
// files it names (the embedded mock profile reads the fixture keys compiled into the binary).
Profile load_profile_text(
    const std::string& text, const std::string& name, const ProfileOverrides& overrides,
    const std::function<std::optional<std::string>(const std::string&)>& read_file);

// Splits a base URL into origin and path prefix; throws ProfileError with `where` on bad input.
void parse_base_url(const std::string& url, const std::string& where, std::string& origin,
                    std::string& prefix);

}  // namespace authspec
