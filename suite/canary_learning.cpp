#include "suite/canary_learning.h"

#include <atomic>
#include <cctype>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>

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

bool needs_learning(const Profile& p, const Resource& r) {
  // (Only what the run may send anyway: GET, or the resource's own method when writes-ok.)
  if ((r.method != "GET" && !r.writes_ok) || r.head_twin || !p.canary_of(&r).empty()) return false;
  const Context at{p, &r, nullptr};
  return !at.testable_schemes().empty();  // (none: the loader named it, no canary, no credentials)
}

namespace {

// What was learned for one resource: its marker, or the line saying why there is none.
struct Learned {
  std::string canary, problem;
};

// Asks one resource twice with valid credentials and once without; `silent` is set (once) when
// the target does not answer at all, and then nothing more is asked.
Learned learn_one(const Profile& p, const Resource& r, Prober& prober,
                  std::chrono::milliseconds timeout, std::string& silent, std::mutex& mutex) {
  Learned out;
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (!silent.empty()) {
      out.problem = " (" + silent + ")";
      return out;
    }
  }
  const Context at{p, &r, nullptr};
  const Request valid = *at.valid(at.testable_schemes().front());
  const Exchange first = prober.send(valid, timeout);
  if (!first.ok()) {
    std::lock_guard<std::mutex> lock(mutex);
    if (silent.empty()) silent = "the target did not answer: " + first.error;
    out.problem = " (" + silent + ")";
    return out;
  }
  const Exchange second = prober.send(valid, timeout),
                 anonymous = prober.send(at.anonymous(), timeout);
  const bool usable = second.ok() && anonymous.ok() && first.response.status / 100 == 2 &&
                      second.response.status / 100 == 2;
  out.canary = usable ? marker_between(*first.response.body.text(), *second.response.body.text(),
                                       *anonymous.response.body.text())
                      : "";
  if (!out.canary.empty()) return out;
  // (When the anonymous answer holds every word, it may itself carry the content; a short
  // answer may have no word long enough to be told from chance.)
  bool anonymous_holds_all = usable;
  const auto words = words_of(*first.response.body.text());
  const auto anonymous_body = anonymous.response.body.text();
  for (const auto& w : words)
    anonymous_holds_all = anonymous_holds_all && anonymous_body->find(w) != std::string::npos;
  out.problem = !usable ? " (valid credentials got no 2xx)"
                : words.empty()
                    ? " (the authorised answer has no word of 8 or more characters to tell it by)"
                : anonymous_holds_all ? " (the anonymous answer holds every word of the authorised "
                                        "ones: does it carry the content?)"
                                      : " (no word of the authorised answers is stable across "
                                        "them and absent from the anonymous one)";
  out.problem += ": protected content there is recognised by status only; give it canary=TEXT";
  return out;
}

// Past this many learned markers, the reports get one line for them all (a whole API's run would
// otherwise list a thousand); the resources without one are always named.
constexpr std::size_t kLearnedLinesMax = 10;

}  // namespace

std::vector<std::string> learn_canaries(Profile& p, const ProberOptions& options,
                                        std::chrono::milliseconds timeout, bool dry_run,
                                        std::size_t concurrency) {
  std::vector<std::string> lines;
  std::vector<Resource*> todo;
  for (auto& r : p.protected_resources) {
    if (!needs_learning(p, r)) continue;
    if (dry_run)
      lines.push_back("the protected content of " + r.label() +
                      " is recognised by a marker learned at run time");
    else
      todo.push_back(&r);
  }
  if (todo.empty()) return lines;
  // The resources are asked concurrently (a whole API has a thousand), each worker with its own
  // connection; a target that does not answer is asked no further (the run then says it is
  // unreachable).
  std::vector<Learned> learned(todo.size());
  std::string silent;
  std::mutex mutex;
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    Prober prober(options);
    for (std::size_t i; (i = next++) < todo.size();)
      learned[i] = learn_one(p, *todo[i], prober, timeout, silent, mutex);
  };
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < std::max<std::size_t>(1, std::min(concurrency, todo.size())); ++t)
    threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  std::unordered_map<std::string, std::string> canary_of_path;
  std::size_t with_marker = 0;
  for (std::size_t i = 0; i < todo.size(); ++i) {
    Resource& r = *todo[i];
    r.canary = learned[i].canary;
    if (r.canary.empty()) {
      lines.push_back("no marker could be learned for " + r.label() + learned[i].problem);
      continue;
    }
    canary_of_path[r.path] = r.canary;
    ++with_marker;
  }
  for (auto& twin : p.protected_resources)
    if (twin.head_twin)
      if (const auto it = canary_of_path.find(twin.path); it != canary_of_path.end())
        twin.canary = it->second;
  p.canaries_changed();
  if (with_marker > kLearnedLinesMax) {
    lines.insert(lines.begin(), "learned a marker for each of " + std::to_string(with_marker) +
                                    " protected resources (in both authorised answers, not in the "
                                    "anonymous one)");
  } else {
    std::vector<std::string> learned_lines;
    for (const Resource* r : todo)
      if (!r->canary.empty())
        learned_lines.push_back("learned marker \"" + r->canary + "\" for " + r->label() +
                                " (in both authorised answers, not in the anonymous one)");
    lines.insert(lines.begin(), learned_lines.begin(), learned_lines.end());
  }
  return lines;
}

}  // namespace authspec
