#include "suite/citations.h"

#include <map>
#include <regex>
#include <stdexcept>

namespace authspec {
namespace {

// Reasons shared by several entries.
constexpr const char* kNoKeyword =
    "the sentence states no BCP 14 keyword; a server that departs from it is not non-conformant";
constexpr const char* kBindsSender = "the keyword binds the sender of the request, not the server";
constexpr const char* kBindsCache = "the keyword binds caches; for the origin server it is advice";
constexpr const char* kHardening =
    "hardening beyond the text: no specification states it with a keyword (protected content "
    "reaching the client still fails as a security breach)";
constexpr const char* kFetchNoKeyword =
    "the Fetch standard describes what browsers do; it binds the server with no keyword, so a "
    "server that answers otherwise breaks browsers' cross-origin use without breaking a MUST";

// RFC 9110 §2.2: the sender's and the recipient's duty to the ABNF.
constexpr const char* kSenderGrammar =
    "A sender MUST NOT generate protocol elements that do not match the grammar defined by the "
    "corresponding ABNF rules.";
constexpr const char* kRecipientGrammar =
    "When a received protocol element is parsed, the recipient MUST be able to parse any value of "
    "reasonable length that is applicable to the recipient's role and that matches the grammar "
    "defined by the corresponding ABNF rules.";
constexpr const char* kOriginShould401 =
    "an origin server SHOULD send a 401 (Unauthorized) response that contains a WWW-Authenticate "
    "header field with at least one (possibly new) challenge applicable to the requested "
    "resource.";
constexpr const char* kMust401Challenge =
    "A server generating a 401 (Unauthorized) response MUST send a WWW-Authenticate header field "
    "containing at least one challenge.";
constexpr const char* kOughtTo403 =
    "A server that receives valid credentials that are not adequate to gain access ought to "
    "respond with the 403 (Forbidden) status code (Section 15.5.4).";
constexpr const char* kJwtCrypto =
    "All cryptographic operations used in the JWT MUST be validated and the entire JWT MUST be "
    "rejected if any of them fail to validate.";
constexpr const char* kOneAlgPerKey =
    "Each key MUST be used with exactly one algorithm, and this MUST be checked when the "
    "cryptographic operation is performed.";
constexpr const char* kDpopValidate =
    "To validate a DPoP proof, the receiving server MUST ensure the following:";
constexpr const char* kAuthzCache =
    "A shared cache MUST NOT use a cached response to a request with an Authorization header "
    "field (Section 11.6.2 of [HTTP]) to satisfy any subsequent request unless the response "
    "contains a Cache-Control field with a response directive (Section 5.2.2) that allows it to "
    "be stored by a shared cache";
constexpr const char* kCorsPreflightOk =
    "A successful HTTP response to a CORS-preflight request is similar, except it is restricted "
    "to an ok status, e.g., 200 or 204.";
constexpr const char* kForbidden =
    "The 403 (Forbidden) status code indicates that the server understood the request but "
    "refuses to fulfill it.";

const std::vector<Citation> kTable = {
    // CHAL: the HTTP authentication framework.
    {"CHAL-000", "RFC 9110 §11.4",
     "A user agent that wishes to authenticate itself with an origin server -- usually, but not "
     "necessarily, after receiving a 401 (Unauthorized) -- can do so by including an "
     "Authorization header field with the request.",
     ""},
    {"CHAL-001", "RFC 9110 §11.6.1", kMust401Challenge, ""},
    {"CHAL-002", "RFC 9110 §11.4", kOriginShould401, ""},
    {"CHAL-003", "RFC 9110 §11.4", kOriginShould401, ""},
    {"CHAL-004", "RFC 9110 §2.2", kSenderGrammar, ""},
    {"CHAL-005", "RFC 9110 §11.2",
     "Parameter names are matched case-insensitively, and each parameter name MUST only occur "
     "once per challenge.",
     ""},
    {"CHAL-006", "RFC 9110 §11.5",
     "For historical reasons, a sender MUST only generate the quoted-string syntax.", ""},
    {"CHAL-007", "RFC 9110 §15.5.2",
     "The server generating a 401 response MUST send a WWW-Authenticate header field (Section "
     "11.6.1) containing at least one challenge applicable to the target resource.",
     ""},
    {"CHAL-008", "RFC 9110 §11.1",
     "It uses a case-insensitive token to identify the authentication scheme", kNoKeyword},
    {"CHAL-009", "RFC 9110 §2.2", kRecipientGrammar, ""},
    {"CHAL-010", "RFC 9110 §2.2", kRecipientGrammar, ""},
    {"CHAL-011", "RFC 9110 §11.4", kOriginShould401, ""},
    {"CHAL-012", "RFC 9110 §11.4", kOriginShould401, ""},
    {"CHAL-013", "RFC 9110 §5.3",
     "A sender MUST NOT generate multiple field lines with the same name in a message",
     kBindsSender},
    {"CHAL-014", "RFC 9110 §9.3.2",
     "The HEAD method is identical to GET except that the server MUST NOT send content in the "
     "response.",
     ""},
    {"CHAL-015", "RFC 9110 §15.5",
     "Except when responding to a HEAD request, the server SHOULD send a representation "
     "containing an explanation of the error situation, and whether it is a temporary or "
     "permanent condition.",
     ""},
    {"CHAL-016", "RFC 9110 §11.6.1",
     "User agents are advised to take special care in parsing the field value, as it might "
     "contain more than one challenge, and each challenge can contain a comma-separated list of "
     "authentication parameters.",
     ""},
    {"CHAL-017", "RFC 9110 §11.4", kOughtTo403,
     "\"ought to\" is not a BCP 14 keyword: RFC 9110 uses it for advice"},
    {"CHAL-018", "RFC 9110 §2.2",
     "Unless noted otherwise, a recipient MAY attempt to recover a usable protocol element from "
     "an invalid construct.",
     ""},
    // STAT: status codes.
    {"STAT-001", "RFC 9110 §2.2", kSenderGrammar, ""},
    {"STAT-002", "RFC 9110 §15",
     "HTTP status codes are extensible. A client is not required to understand the meaning of "
     "all registered status codes",
     ""},
    {"STAT-003", "RFC 9110 §11.4", kOriginShould401, ""},
    {"STAT-006", "RFC 9110 §15.5.6",
     "The origin server MUST generate an Allow header field in a 405 response containing a list "
     "of the target resource's currently supported methods.",
     ""},
    {"STAT-005", "RFC 9110 §15.6",
     "The 5xx (Server Error) class of status code indicates that the server is aware that it has "
     "erred or is incapable of performing the requested method.",
     kNoKeyword},
    // BASIC: RFC 7617.
    {"BASIC-001", "RFC 7617 §2", "The authentication parameter 'realm' is REQUIRED", ""},
    {"BASIC-002", "RFC 7617 §2.1",
     "The only allowed value is \"UTF-8\"; it is to be matched case-insensitively", kNoKeyword},
    {"BASIC-003", "RFC 7617 §2", "Furthermore, a user-id containing a colon character is invalid.",
     kNoKeyword},
    {"BASIC-004", "RFC 9110 §11.4", kOriginShould401, ""},
    {"BASIC-005", "RFC 9110 §2.2",
     "Unless noted otherwise, a recipient MAY attempt to recover a usable protocol element from "
     "an invalid construct.",
     ""},
    {"BASIC-006", "RFC 7617 §2", "The user-id and password MUST NOT contain any control characters",
     kBindsSender},
    {"BASIC-007", "RFC 7617 §2.1",
     "It indicates that the server expects character data to be converted to Unicode "
     "Normalization Form C (\"NFC\"; see Section 3 of [RFC5198]) and to be encoded into octets "
     "using the UTF-8 character encoding scheme",
     ""},
    {"BASIC-008", "RFC 9110 §11.5",
     "The realm value is a string, generally assigned by the origin server, that can have "
     "additional semantics specific to the authentication scheme.",
     ""},
    // DIGEST: RFC 7616.
    {"DIGEST-001", "RFC 7616 §3.3", "This parameter MUST be used by all implementations.", ""},
    {"DIGEST-002", "RFC 7616 §3.3",
     "For historical reasons, a sender MUST only generate the quoted string syntax values for the "
     "following parameters: realm, domain, nonce, opaque, and qop.",
     ""},
    {"DIGEST-003", "RFC 7616 §3.3", "If this is not present, it is assumed to be \"MD5\".",
     "no sentence obliges a server to offer SHA-256; an MD5-only server is conformant, and "
     "offering SHA-256 is advice on strength"},
    {"DIGEST-004", "RFC 7616 §3.7",
     "If the server responds with multiple challenges, then each one of these challenges MUST use "
     "a different digest algorithm.",
     ""},
    {"DIGEST-005", "RFC 7616 §3.3", "should be uniquely generated each time a 401 response is made",
     ""},
    {"DIGEST-006", "RFC 7616 §3.4.1",
     "The \"response\" parameter is computed as KD(H(A1), unq(nonce) \":\" nc \":\" "
     "unq(cnonce) \":\" unq(qop) \":\" H(A2))",
     ""},
    {"DIGEST-007", "RFC 7616 §3.3",
     "The server SHOULD only set stale to true if it receives a request for which the nonce is "
     "invalid.",
     ""},
    {"DIGEST-008", "RFC 7616 §3.3",
     "A case-insensitive flag indicating that the previous request from the client was rejected "
     "because the nonce value was stale.",
     ""},
    {"DIGEST-009", "RFC 7616 §3.4.6",
     "The authenticating server MUST assure that the resource designated by the \"uri\" parameter "
     "is the same as the resource specified in the Request-Line",
     ""},
    {"DIGEST-010", "RFC 7616 §3.4",
     "If a parameter or its value is improper, or required parameters are missing, the proper "
     "response is a 4xx error code.",
     ""},
    {"DIGEST-011", "RFC 7616 §5.5",
     "servers could choose to accept the old nonce values they have issued but refuse a replayed "
     "request",
     ""},
    {"DIGEST-012", "RFC 7616 §3.4",
     "Indicates what \"quality of protection\" the client has applied to the message. Its value "
     "MUST be one of the alternatives the server indicated it supports in the WWW-Authenticate "
     "header field.",
     kBindsSender},
    {"DIGEST-013", "RFC 7616 §3.3",
     "This is an OPTIONAL parameter that is used by the server to indicate that it supports "
     "username hashing.",
     ""},
    {"DIGEST-014", "RFC 7616 §3.3",
     "This string should contain at least the name of the host performing the authentication", ""},
    // BEARER: RFC 6750.
    {"BEARER-001", "RFC 6750 §2.1", "Resource servers MUST support this method.", ""},
    {"BEARER-002", "RFC 6750 §3.1",
     "If the request lacks any authentication information (e.g., the client was unaware that "
     "authentication is necessary or attempted using an unsupported authentication method), the "
     "resource server SHOULD NOT include an error code or other error information.",
     ""},
    {"BEARER-003", "RFC 6750 §3",
     "All challenges defined by this specification MUST use the auth-scheme value \"Bearer\". "
     "This scheme MUST be followed by one or more auth-param values.",
     ""},
    {"BEARER-004", "RFC 6750 §3.1",
     "The access token provided is expired, revoked, malformed, or invalid for other reasons. "
     "The resource SHOULD respond with the HTTP 401 (Unauthorized) status code.",
     ""},
    {"BEARER-005", "RFC 6750 §3.1",
     "The request is missing a required parameter, includes an unsupported parameter or "
     "parameter value, repeats the same parameter, uses more than one method for including an "
     "access token, or is otherwise malformed. The resource server SHOULD respond with the HTTP "
     "400 (Bad Request) status code.",
     ""},
    {"BEARER-006", "RFC 6750 §3.1",
     "The request requires higher privileges than provided by the access token. The resource "
     "server SHOULD respond with the HTTP 403 (Forbidden) status code",
     ""},
    {"BEARER-007", "RFC 6750 §3",
     "The \"error\", \"error_description\", and \"error_uri\" attributes MUST NOT appear more "
     "than once.",
     ""},
    {"BEARER-008", "RFC 6750 §3",
     "Values for the \"error\" and \"error_description\" attributes (specified in Appendixes A.7 "
     "and A.8 of [RFC6749]) MUST NOT include characters outside the set %x20-21 / %x23-5B / "
     "%x5D-7E.",
     ""},
    {"BEARER-009", "RFC 6750 §3.1",
     "When a request fails, the resource server responds using the appropriate HTTP status code "
     "(typically, 400, 401, 403, or 405) and includes one of the following error codes in the "
     "response",
     kNoKeyword},
    {"BEARER-010", "RFC 6750 §3.1",
     "The resource SHOULD respond with the HTTP 401 (Unauthorized) status code.", ""},
    {"BEARER-011", "RFC 6750 §2.3",
     "Server success (2XX status) responses to these requests SHOULD contain a Cache-Control "
     "header with the \"private\" option.",
     ""},
    {"BEARER-012", "RFC 6750 §2.2", "Resource servers MAY support this method.", ""},
    {"BEARER-013", "RFC 9110 §11.6.1",
     "A server MAY generate a WWW-Authenticate header field in other response messages to "
     "indicate that supplying credentials (or different credentials) might affect the response.",
     ""},
    {"BEARER-014", "RFC 6750 §3",
     "If the protected resource request does not include authentication credentials or does not "
     "contain an access token that enables access to the protected resource, the resource server "
     "MUST include the HTTP \"WWW-Authenticate\" response header field",
     ""},
    // JWT: RFC 7519, 7515, 7518, 8725.
    {"JWT-001", "RFC 8725 §3.3", kJwtCrypto, ""},
    {"JWT-002", "RFC 8725 §3.3", kJwtCrypto, ""},
    {"JWT-003", "RFC 7518 §3.6",
     "Implementations that support Unsecured JWSs MUST NOT accept such objects as valid unless "
     "the application specifies that it is acceptable for a specific object to not be integrity "
     "protected.",
     ""},
    {"JWT-004", "RFC 8725 §3.1", kOneAlgPerKey, ""},
    {"JWT-005", "RFC 8725 §3.1", kOneAlgPerKey, ""},
    {"JWT-006", "RFC 7519 §4.1.4",
     "The processing of the \"exp\" claim requires that the current date/time MUST be before the "
     "expiration date/time listed in the \"exp\" claim.",
     ""},
    {"JWT-007", "RFC 7519 §4.1.5",
     "The processing of the \"nbf\" claim requires that the current date/time MUST be after or "
     "equal to the not-before date/time listed in the \"nbf\" claim.",
     ""},
    {"JWT-008", "RFC 7519 §4.1.3",
     "If the principal processing the claim does not identify itself with a value in the \"aud\" "
     "claim when this claim is present, then the JWT MUST be rejected.",
     ""},
    {"JWT-009", "RFC 8725 §3.8",
     "When a JWT contains an \"iss\" (issuer) claim, the application MUST validate that the "
     "cryptographic keys used for the cryptographic operations in the JWT belong to the issuer.",
     ""},
    {"JWT-010", "RFC 7519 §4.1.4", "Its value MUST be a number containing a NumericDate value.",
     "the keyword binds the token's producer; no sentence tells the recipient what to do with a "
     "malformed time claim"},
    {"JWT-011", "RFC 7519 §7.2",
     "If any of the listed steps fail, then the JWT MUST be rejected -- that is, treated by the "
     "application as an invalid input.",
     ""},
    {"JWT-012", "RFC 7515 §4.1.11",
     "This Header Parameter MUST be understood and processed by implementations.", ""},
    {"JWT-013", "RFC 8725 §3.10",
     "Applications should ensure that this does not create SQL or LDAP injection vulnerabilities "
     "by validating and/or sanitizing the received value.",
     ""},
    {"JWT-014", "RFC 8725 §3.10",
     "Applications should ensure that this does not create SQL or LDAP injection vulnerabilities "
     "by validating and/or sanitizing the received value.",
     ""},
    {"JWT-015", "RFC 8725 §3.5",
     "human-memorizable passwords MUST NOT be directly used as the key to a keyed-MAC algorithm "
     "such as \"HS256\".",
     ""},
    {"JWT-016", "RFC 8725 §3.11", "Sometimes, one kind of JWT can be confused for another.", ""},
    {"JWT-017", "RFC 7519 §4.1.4", "Use of this claim is OPTIONAL.", ""},
    {"JWT-018", "RFC 6750 §3.1",
     "The access token provided is expired, revoked, malformed, or invalid for other reasons.",
     "revocation is a deployment's choice: no sentence requires a resource server to support it"},
    // STEP: RFC 9470.
    {"STEP-001", "RFC 9470 §3",
     "The authentication event associated with the access token presented with the request does "
     "not meet the authentication requirements of the protected resource.",
     ""},
    {"STEP-002", "RFC 9470 §3",
     "Indicates the allowable elapsed time in seconds since the last active authentication event "
     "associated with the access token.",
     ""},
    {"STEP-003", "RFC 9470 §9",
     "the challenge can reveal the authentication requirements of the protected resource", ""},
    // DPOP: RFC 9449.
    {"DPOP-001", "RFC 9449 §7.2",
     "MUST reject a DPoP-bound access token received as a bearer token per [RFC6750].", ""},
    {"DPOP-002", "RFC 9449 §4.3", kDpopValidate, ""},
    {"DPOP-003", "RFC 9449 §7.1",
     "A space-delimited list of JWS alg (Algorithm) header values ([RFC7515]) that the resource "
     "server supports",
     ""},
    {"DPOP-004", "RFC 9449 §9",
     "Resource servers can also choose to provide a nonce value to be included in DPoP proofs "
     "sent to them.",
     ""},
    {"DPOP-005", "RFC 9449 §4.3", kDpopValidate, ""},
    {"DPOP-007", "RFC 9449 §11.1",
     "the server could store, in the context of the target URI, the jti value of each DPoP proof "
     "for the time window in which the respective DPoP proof JWT would be accepted",
     ""},
    {"DPOP-006", "RFC 9449 §7.1",
     "the DPoP authentication scheme is only for use between a client and a resource server", ""},
    // RATE: RFC 6585 §4, RFC 9110 §10.2.3, OWASP.
    {"RATE-001", "RFC 6585 §4",
     "The 429 status code indicates that the user has sent too many requests in a given amount "
     "of time (\"rate limiting\").",
     ""},
    {"RATE-002", "RFC 9110 §2.2", kSenderGrammar, ""},
    {"RATE-003", "RFC 9110 §10.2.3",
     "Servers send the \"Retry-After\" header field to indicate how long the user agent ought to "
     "wait before making a follow-up request.",
     ""},
    {"RATE-004", "RFC 6585 §4",
     "The response representations SHOULD include details explaining the condition, and MAY "
     "include a Retry-After header indicating how long to wait before making a new request.",
     ""},
    {"RATE-005", "ASVS 4.0.3 V2.2.1", "", kHardening},
    {"RATE-006", "WSTG-ATHN-03", "", kHardening},
    {"RATE-007", "RFC 7239 §8.1",
     "the information in the Forwarded header field cannot be relied upon to be correct", ""},
    {"RATE-008", "WSTG-IDNT-04", "", kHardening},
    // DENY.
    {"DENY-001", "RFC 9110 §15.5.4", kForbidden, ""},
    {"DENY-002", "RFC 9110 §15.5.4", kForbidden, ""},
    {"DENY-003", "RFC 7239 §8.1",
     "the information in the Forwarded header field cannot be relied upon to be correct", ""},
    {"DENY-004", "RFC 7239 §8.1",
     "the information in the Forwarded header field cannot be relied upon to be correct", ""},
    {"DENY-005", "RFC 9110 §9.3.2", "The HEAD method is identical to GET", ""},
    // AUTHZ.
    {"AUTHZ-001", "RFC 9110 §11.4", kOughtTo403,
     "\"ought to\" is not a BCP 14 keyword: RFC 9110 uses it for advice"},
    {"AUTHZ-002", "WSTG-ATHZ-02", "", kHardening},
    {"AUTHZ-003", "WSTG-ATHZ-04", "", kHardening},
    {"AUTHZ-004", "RFC 9110 §15.5.4",
     "An origin server that wishes to \"hide\" the current existence of a forbidden target "
     "resource MAY instead respond with a status code of 404 (Not Found).",
     ""},
    {"AUTHZ-005", "WSTG-ATHN-04", "", kHardening},
    {"AUTHZ-006", "RFC 9110 §15.5.4", kForbidden, ""},
    {"AUTHZ-007", "RFC 9110 §11.4", kOughtTo403,
     "\"ought to\" is not a BCP 14 keyword; 404 is accepted too (§15.5.5: a server MAY hide a "
     "forbidden resource); an identity that got in nowhere and is refused with 401 is undecided"},
    {"AUTHZ-008", "WSTG-ATHZ-02", "",
     "the profile's own statement of who may use what: no specification says which roles a "
     "resource grants, so an allowed identity that is refused is a finding of the role setup"},
    // BYP.
    {"BYP-001", "WSTG-CONF-06", "", kHardening},
    {"BYP-002", "WSTG-CONF-06", "", kHardening},
    {"BYP-003", "RFC 3986 §6.2.2.3",
     "URI normalizers should remove dot-segments by applying the remove_dot_segments algorithm "
     "to the path",
     ""},
    {"BYP-004", "CWE-647", "", kHardening},
    {"BYP-005", "RFC 3986 §6.2.2.2",
     "URI normalizers should decode any percent-encoded octet that corresponds to an unreserved "
     "character",
     ""},
    {"BYP-006", "CWE-647", "", kHardening},
    {"BYP-007", "WSTG-ATHZ-02", "", kHardening},
    {"BYP-008", "RFC 9112 §3.2.2", "A server MUST accept the absolute-form in requests",
     "the keyword is about accepting the form; that protection holds for it is hardening"},
    {"BYP-009", "RFC 9110 §11.6.2",
     "The \"Authorization\" header field allows a user agent to authenticate itself with an "
     "origin server",
     ""},
    {"BYP-010", "RFC 9110 §9.3.8",
     "The final recipient of the request SHOULD exclude any request fields that are likely to "
     "contain sensitive data when that recipient generates the response content.",
     ""},
    // CORS: the Fetch standard.
    {"CORS-001", "Fetch §3.3.3", kCorsPreflightOk, ""},
    {"CORS-002", "Fetch §3.3.3", kCorsPreflightOk, ""},
    {"CORS-003", "Fetch §3.3.5",
     "the `Access-Control-Allow-Origin` header's value is `*` ... fails for a request whose "
     "credentials mode is \"include\"",
     kFetchNoKeyword},
    {"CORS-004", "Fetch §3.3.4", "Access-Control-Allow-Credentials = %s\"true\" ; case-sensitive",
     kFetchNoKeyword},
    {"CORS-005", "Fetch §3.3.3",
     "A successful HTTP response, i.e., one where the server developer intends to share it, to a "
     "CORS request can use any status, as long as it includes the headers stated above with "
     "values matching up with the request.",
     ""},
    {"CORS-006", "Fetch §2.2.2",
     "A CORS-safelisted response-header name, given a list of header names list, is a header "
     "name that is a byte-case-insensitive match for one of",
     ""},
    {"CORS-007", "ASVS 4.0.3 V14.5.3", "", kHardening},
    {"CORS-008", "ASVS 4.0.3 V14.5.3", "", kHardening},
    {"CORS-009", "Fetch §3.3.3",
     "the 403 status can be used, coupled with omitting the relevant headers", ""},
    {"CORS-010", "ASVS 4.0.3 V14.5.2", "", kHardening},
    {"CORS-011", "Fetch §3.3.6",
     "the server needs to use the `Vary` header in any responses that might be served from a "
     "cache",
     kFetchNoKeyword},
    {"CORS-012", "Fetch §3.3.6", "", kHardening},
    // CACHE: RFC 9111.
    {"CACHE-001", "RFC 9111 §3.5", kAuthzCache, kBindsCache},
    {"CACHE-002", "RFC 9111 §3.5", kAuthzCache, kBindsCache},
    {"CACHE-003", "RFC 9111 §4.2.2",
     "a cache MAY assign a heuristic expiration time when an explicit time is not specified", ""},
    {"CACHE-004", "RFC 6585 §4",
     "Responses with the 429 status code MUST NOT be stored by a cache.", kBindsCache},
    {"CACHE-005", "RFC 9111 §7.3",
     "Servers that wish to control caching of these responses are encouraged to emit "
     "appropriate Cache-Control response header fields.",
     ""},
    {"CACHE-006", "RFC 9110 §12.5.5",
     "The \"Vary\" header field in a response describes what parts of a request message, aside "
     "from the method and target URI, might influence the origin server's process for selecting "
     "the content of this response.",
     ""},
    {"CACHE-007", "WSTG-CONF-13", "", kHardening},
    // TLS.
    {"TLS-001", "RFC 7617 §4",
     "Because Basic authentication involves the cleartext transmission of passwords, it SHOULD "
     "NOT be used (without enhancements such as HTTPS [RFC2818]) to protect sensitive or "
     "valuable information.",
     ""},
    {"TLS-002", "RFC 6797 §7.2",
     "If an HSTS Host receives an HTTP request message over a non-secure transport, it SHOULD "
     "send an HTTP response message containing a status code indicating a permanent redirect",
     "the keyword binds an HSTS Host only, and a target need not be one"},
    {"TLS-003", "RFC 6797 §7.2",
     "An HSTS Host MUST NOT include the STS header field in HTTP responses conveyed over "
     "non-secure transport.",
     ""},
    {"TLS-004", "RFC 6797 §6.1",
     "The Strict-Transport-Security response header field (STS header field) indicates to a UA "
     "that it MUST enforce the HSTS Policy in regards to the host emitting the response message "
     "containing this header field.",
     "the keyword binds the user agent; being an HSTS Host is the server's choice"},
    // PROXY.
    {"PROXY-001", "RFC 9110 §11.7.1",
     "A proxy MUST send at least one Proxy-Authenticate header field in each 407 (Proxy "
     "Authentication Required) response that it generates.",
     ""},
    {"PROXY-002", "RFC 9110 §15.5.8",
     "The 407 (Proxy Authentication Required) status code is similar to 401 (Unauthorized), but "
     "it indicates that the client needs to authenticate itself in order to use a proxy for this "
     "request.",
     ""},
    {"PROXY-003", "RFC 9110 §11.7.2",
     "Unlike Authorization, the Proxy-Authorization header field applies only to the next inbound "
     "proxy that demanded authentication using the Proxy-Authenticate header field.",
     ""},
    {"PROXY-004", "RFC 9110 §11.6.1",
     "A proxy forwarding a response MUST NOT modify any WWW-Authenticate header fields in that "
     "response.",
     ""},
    {"PROXY-005", "RFC 9110 §11.7.1",
     "A proxy MUST send at least one Proxy-Authenticate header field in each 407 (Proxy "
     "Authentication Required) response that it generates.",
     "best practice: the MUST binds the 407's challenge (also PROXY-001); that wrong credentials "
     "are not forwarded is hardening (a forwarded request that reaches the content is a breach)"},
    {"PROXY-006", "RFC 9110 §11.4", kOughtTo403,
     "\"ought to\" is not a BCP 14 keyword: RFC 9110 uses it for advice; a proxy is the server "
     "its client talks to"},
    // SESS: RFC 6265, OWASP.
    {"SESS-001", "RFC 6265 §4.1.2.5",
     "The Secure attribute limits the scope of the cookie to \"secure\" channels", ""},
    {"SESS-002", "RFC 6265 §4.1.2.6",
     "The HttpOnly attribute limits the scope of the cookie to HTTP requests.", ""},
    {"SESS-003", "ASVS 4.0.3 V3.4.3", "", kHardening},
    {"SESS-004", "RFC 6265 §4.1.2.3",
     "If the server omits the Domain attribute, the user agent will return the cookie only to "
     "the origin server.",
     ""},
    {"SESS-005", "RFC 6265 §8.4",
     "servers SHOULD take care to avoid \"session fixation\" vulnerabilities", ""},
    {"SESS-006", "ASVS 4.0.3 V3.3.1", "", kHardening},
    {"SESS-007", "ASVS 4.0.3 V3.3.2", "", kHardening},
    {"SESS-008", "WSTG-SESS-01", "", kHardening},
    {"SESS-009", "ASVS 4.0.3 V3.1.1", "", kHardening},
    {"SESS-010", "RFC 9110 §11.6.1", kMust401Challenge, ""},
    // ENUM: OWASP.
    {"ENUM-001", "WSTG-IDNT-04", "", kHardening},
    {"ENUM-002", "WSTG-IDNT-04", "", kHardening},
    {"ENUM-003", "WSTG-IDNT-04", "", kHardening},
    {"ENUM-004", "WSTG-IDNT-04", "", kHardening},
    // APIKEY: RFC 9110 for the 401s; hardening (OWASP, CWE) for the key itself.
    {"APIKEY-001", "RFC 9110 §11.6.1", kMust401Challenge, ""},
    {"APIKEY-002", "RFC 9110 §11.4", kOriginShould401, ""},
    {"APIKEY-003", "RFC 9110 §11.4", kOriginShould401, ""},
    {"APIKEY-004", "CWE-287", "", kHardening},
    {"APIKEY-005", "ASVS 4.0.3 V13.1.3", "", kHardening},
    {"APIKEY-006", "ASVS 4.0.3 V13.1.3", "", kHardening},
    {"APIKEY-007", "WSTG-ATHZ-04", "", kHardening},
    // DESC: an OpenAPI description against the server; the description binds no server.
    {"DESC-001", "OpenAPI 3.1.0 §4.8.10",
     "To make security optional, an empty security requirement ({}) can be included in the "
     "array.",
     ""},
    {"DESC-002", "OpenAPI 3.1.0 §4.8.30",
     "Lists the required security schemes to execute this operation.", ""},
    // OAUTH: the token endpoint (RFC 6749).
    {"OAUTH-001", "RFC 6749 §5.2",
     "The authorization server responds with an HTTP 400 (Bad Request) status code (unless "
     "specified otherwise) and includes the following parameters with the response: error "
     "REQUIRED.",
     ""},
    {"OAUTH-002", "RFC 6749 §5.2",
     "If the client attempted to authenticate via the \"Authorization\" request header field, "
     "the authorization server MUST respond with an HTTP 401 (Unauthorized) status code and "
     "include the \"WWW-Authenticate\" response header field matching the authentication scheme "
     "used by the client.",
     ""},
    {"OAUTH-003", "RFC 6749 §5.1",
     "The authorization server MUST include the HTTP \"Cache-Control\" response header field "
     "[RFC2616] with a value of \"no-store\" in any response containing tokens, credentials, or "
     "other sensitive information",
     ""},
    {"OAUTH-004", "RFC 6749 §7",
     "The resource server MUST validate the access token and ensure that it has not expired and "
     "that its scope covers the requested resource.",
     ""},
};

}  // namespace

const std::vector<Citation>& citations() {
  return kTable;
}

Level keyword_level(const std::string& sentence) {
  static const std::regex must("\\b(MUST|REQUIRED|SHALL)\\b");
  static const std::regex should("\\b(SHOULD|RECOMMENDED)\\b");
  if (std::regex_search(sentence, must)) return Level::kMust;
  if (std::regex_search(sentence, should)) return Level::kShould;
  return Level::kBestPractice;
}

void attach_citations(std::vector<Check>& checks) {
  std::map<std::string, const Citation*> by_id;
  for (const auto& c : kTable) by_id[c.id] = &c;
  for (auto& check : checks) {
    const auto it = by_id.find(check.id);
    if (it == by_id.end()) throw std::logic_error(check.id + " has no citation");
    check.quote = it->second->quote;
    check.quote_source = it->second->source;
    check.level_note = it->second->level_note;
  }
}

}  // namespace authspec
