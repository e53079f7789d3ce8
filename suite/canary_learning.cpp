#include "suite/canary_learning.h"

#include <cctype>
#include <memory>
#include <set>

#include "suite/check.h"

namespace authspec {
namespace {

bool word_char(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == ':' || c == '@';
}

std::set<std::string> words_of(const std::string& body) {
  std::set<std::string> out;
  for (std::size_t i = 0; i < body.size();) {
    if (!word_char(static_cast<unsigned char>(body[i]))) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < body.size() && word_char(static_cast<unsigned char>(body[j]))) ++j;
    if (j - i >= 8 && j - i <= 256) out.insert(body.substr(i, j - i));
    i = j;
  }
  return out;
}

}  // namespace

std::string marker_between(const std::string& authorised, const std::string& again,
                           const std::string& anonymous) {
  std::string best;
  for (const auto& w : words_of(authorised)) {
    if (w.size() <= best.size()) continue;
    if (again.find(w) == std::string::npos || anonymous.find(w) != std::string::npos) continue;
    best = w;
  }
  return best;
}

std::vector<std::string> learn_canaries(Profile& p, const ProberOptions& options,
                                        std::chrono::milliseconds timeout, bool dry_run) {
  std::vector<std::string> lines;
  std::unique_ptr<Prober> prober;
  // A target that does not answer is asked no further (the run then says it is unreachable).
  std::string silent;
  for (auto& r : p.protected_resources) {
    // (Only what the run may send anyway: GET, or the resource's own method when writes-ok.)
    if ((r.method != "GET" && !r.writes_ok) || r.head_twin || !p.canary_of(&r).empty()) continue;
    const Context at{p, &r, nullptr};
    const auto schemes = at.testable_schemes();
    if (schemes.empty()) continue;  // the loader named it: no canary and no credentials
    if (dry_run) {
      lines.push_back("the protected content of " + r.label() +
                      " is recognised by a marker learned at run time");
      continue;
    }
    if (!silent.empty()) {
      lines.push_back("no marker could be learned for " + r.label() + " (" + silent + ")");
      continue;
    }
    if (!prober) prober = std::make_unique<Prober>(options);
    const Request valid = *at.valid(schemes.front());
    const Exchange first = prober->send(valid, timeout);
    if (!first.ok()) {
      silent = "the target did not answer: " + first.error;
      lines.push_back("no marker could be learned for " + r.label() + " (" + silent + ")");
      continue;
    }
    const Exchange second = prober->send(valid, timeout),
                   anonymous = prober->send(at.anonymous(), timeout);
    const bool usable = first.ok() && second.ok() && anonymous.ok() &&
                        first.response.status / 100 == 2 && second.response.status / 100 == 2;
    r.canary =
        usable ? marker_between(first.response.body, second.response.body, anonymous.response.body)
               : "";
    if (r.canary.empty()) {
      // (When the anonymous answer holds every word, it may itself carry the content; a short
      // answer may have no word long enough to be told from chance.)
      bool anonymous_holds_all = usable;
      const auto words = words_of(first.response.body);
      for (const auto& w : words)
        anonymous_holds_all =
            anonymous_holds_all && anonymous.response.body.find(w) != std::string::npos;
      const std::string why =
          !usable ? " (valid credentials got no 2xx)"
          : words.empty()
              ? " (the authorised answer has no word of 8 or more characters to tell it by)"
          : anonymous_holds_all ? " (the anonymous answer holds every word of the authorised "
                                  "ones: does it carry the content?)"
                                : " (no word of the authorised answers is stable across them "
                                  "and absent from the anonymous one)";
      lines.push_back("no marker could be learned for " + r.label() + why +
                      ": protected content there is recognised by status only; give it "
                      "canary=TEXT");
      continue;
    }
    lines.push_back("learned marker \"" + r.canary + "\" for " + r.label() +
                    " (in both authorised answers, not in the anonymous one)");
    for (auto& twin : p.protected_resources)
      if (twin.head_twin && twin.path == r.path) twin.canary = r.canary;
  }
  return lines;
}

}  // namespace authspec
