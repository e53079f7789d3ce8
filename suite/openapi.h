// An API description (OpenAPI 3.0 and 3.1, Swagger 2.0; JSON or YAML) read into what a profile
// needs: the base URL, each operation as a resource with the security it requires, and the
// security schemes behind them. `authspec import openapi` writes a profile from it.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace authspec {

// One line naming the file, the JSON pointer and the problem.
class ApiDescriptionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A securitySchemes entry (2.0: securityDefinitions), as authspec can use it.
struct ApiSecurityScheme {
  std::string name;           // its key in the description
  std::string type;           // http, apiKey, oauth2, openIdConnect, mutualTLS
  std::string scheme;         // http: basic, bearer, digest... (lower-case)
  std::string bearer_format;  // http bearer: "JWT"...
  std::string in, parameter;  // apiKey: header, query or cookie, and the name
  std::string flow;           // oauth2: client_credentials or password (the first usable flow)
  std::string token_url;      // oauth2: that flow's tokenUrl
  std::vector<std::string> scopes;  // oauth2: that flow's scopes
  std::string openid_url;           // openIdConnect: the discovery document
  std::string pointer;              // where it is described ("#/components/securitySchemes/x")
};

struct ApiOperation {
  std::string method;  // upper-case
  std::string path;    // the request path, parameters filled (a FILL-IN mark where none could be)
  std::string path_template;  // the description's path key ("/pets/{id}")
  std::string operation_id, summary;
  std::string pointer;  // "#/paths/~1pets~1{id}/get"
  // The security requirements: alternatives (any one is enough), each a list of schemes all of
  // which are needed, with the scopes each names.
  struct Requirement {
    std::string scheme;
    std::vector<std::string> scopes;
  };
  std::vector<std::vector<Requirement>> security;
  bool is_public = false;  // security: [] (or an empty alternative {}): anyone may call it
  std::vector<std::string> unfilled;  // path parameters without an example, default or enum
  // Vendor extensions for what OpenAPI cannot say: x-authspec-deny (true: refused to everyone
  // here, a deny list) and x-authspec-skip (why authspec should leave it out).
  bool deny = false;
  std::string skip;
  bool writes() const;  // a state-changing method (POST, PUT, PATCH, DELETE)
};

struct ApiDescription {
  std::string source;   // the file
  std::string version;  // "2.0", "3.0.3", "3.1.0"...
  std::string title;
  std::string base_url;  // from servers (or host, basePath, schemes); "" when it has none
  std::vector<ApiSecurityScheme> schemes;
  std::vector<ApiOperation> operations;  // in the description's order
  const ApiSecurityScheme* scheme_named(const std::string& name) const;
};

// A description (or a document its $refs name) that could not be fetched from its URL: the
// server is down or refused it. The CLI exits 3 on it, as for an unreachable target.
class DescriptionFetchError : public ApiDescriptionError {
 public:
  using ApiDescriptionError::ApiDescriptionError;
};

// Fetches a description's URL: its text, or a DescriptionFetchError naming the URL and what
// happened. Bounded: at most kMaxDescriptionBytes, and the fetcher's own timeout.
using DescriptionFetcher = std::function<std::string(const std::string& url)>;

// Documents larger than this are refused before they are parsed (bounded memory and time).
inline constexpr std::size_t kMaxDescriptionBytes = 20 * 1024 * 1024;

// Reads `path` and the sibling files its $refs name. Throws ApiDescriptionError. `path` may be
// an http(s) URL when `fetch` is given: the description and the documents its relative $refs
// name are fetched with it (at most 64 documents).
ApiDescription read_api_description(const std::string& path,
                                    const DescriptionFetcher& fetch = nullptr);

// The text of a JSON or YAML document as JSON text (YAML through yaml-cpp); throws
// ApiDescriptionError naming `name` and the line for a syntax error.
std::string description_as_json(const std::string& text, const std::string& name);

}  // namespace authspec
