// DESC: the API description (OpenAPI, Swagger) against the server. When the profile came from a
// description ([description], written by `authspec import openapi`), an operation it calls public
// that demands credentials, or one it calls protected that serves its content to anyone, is a
// finding of its own: one of the two is wrong, and clients and gateways built from the description
// will break or expose data. The description binds no server with a keyword: best practice.
#include "suite/registry.h"
#include "suite/verifiers.h"

namespace authspec {
namespace {

// The described operation of the check's resource, or the reason there is none.
const DescribedOperation* described(const Context& ctx, std::string& why) {
  if (!ctx.profile.description) {
    why = "the profile names no API description ([description]: authspec import openapi)";
    return nullptr;
  }
  const DescribedOperation* op = ctx.profile.operation_of(ctx.resource->label());
  if (!op) why = ctx.resource->label() + " is not an operation of " + ctx.profile.description->file;
  return op;
}

std::string operation_text(const DescribedOperation& op) {
  return op.id.empty() ? op.label() : op.id + " (" + op.label() + ")";
}

// A DESC judge: `problem` names what the anonymous answer shows of a disagreement ("" when it
// agrees with the description); the verdict says which operation and what came back.
using Disagreement = std::string (*)(const Context&, const Exchange&);
std::function<Verdict(const Context&, const Evidence&)> agrees(Disagreement problem,
                                                               std::string as_described) {
  return [problem, as_described](const Context& ctx, const Evidence& ev) {
    std::string why;
    const DescribedOperation& op = *described(ctx, why);
    const Exchange& ex = ev.only();
    Findings f;
    if (const std::string p = problem(ctx, ex); !p.empty())
      f.fail(&ex, "the description says " + operation_text(op) + p +
                      ": the description and the server disagree");
    return f.verdict(operation_text(op) + as_described + " (" + describe_status(ex) +
                     "), as described");
  };
}

}  // namespace

void register_desc(std::vector<Check>& out) {
  out.push_back(Check{
      .id = "DESC-001",
      .level = Level::kBestPractice,
      .spec = "OpenAPI 3.1.0 §4.8.10",
      .title = "An operation described as public answers without credentials",
      .requirement = "An operation whose description requires no security (security: [], or an "
                     "empty requirement {}) is served without credentials, not refused with 401.",
      .remediation = "Make the server and the description agree: open the operation to anonymous "
                     "callers, or list its security requirement in the description.",
      .scope = Scope::kAllResources,
  });
  out.back().applies = [](const Resource& r) { return r.is_public; };
  out.back().plan = [](const Context& ctx) {
    std::string why;
    if (!described(ctx, why)) return skip_because(why);
    return Plan{{ctx.anonymous()}, ""};
  };
  out.back().judge = agrees(
      [](const Context&, const Exchange& ex) -> std::string {
        if (ex.response.status != 401) return "";
        return " needs no credentials, but the server answered " + describe_status(ex) +
               " without them";
      },
      " answers without credentials");

  out.push_back(Check{
      .id = "DESC-002",
      .level = Level::kBestPractice,
      .spec = "OpenAPI 3.1.0 §4.8.30",
      .title = "An operation described as protected does not serve anyone",
      .requirement = "An operation whose description lists security requirements does not serve "
                     "its content to a request without credentials.",
      .remediation = "Make the server and the description agree: require the credentials the "
                     "description lists, or mark the operation public (security: []) if it is.",
  });
  out.back().applies = not_head_twin;
  out.back().plan = [](const Context& ctx) {
    std::string why;
    const DescribedOperation* op = described(ctx, why);
    if (!op) return skip_because(why);
    if (op->is_public)
      return skip_because("the description calls " + operation_text(*op) + " public");
    return Plan{{ctx.anonymous()}, ""};
  };
  out.back().judge = agrees(
      [](const Context& ctx, const Exchange& ex) -> std::string {
        // Its content: the canary where one is known (a 2xx sign-in page is not the content).
        const std::string& canary = ctx.profile.canary_of(ctx.resource);
        const bool content = canary.empty() || ex.response.body.text()->find(canary) != std::string::npos;
        if (!is_success(ex.response.status) || !content) return "";
        return std::string(" needs credentials, but the server served ") +
               (canary.empty() ? "it" : "its content") + " without them (" + describe_status(ex) +
               ")";
      },
      " is not served without credentials");
}

}  // namespace authspec
