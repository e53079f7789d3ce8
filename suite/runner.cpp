#include "suite/runner.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "suite/lock_watch.h"
#include "suite/lockout_pacing.h"
#include "suite/stale_nonce.h"
#include "suite/verifiers.h"

namespace authspec {
namespace {

using Clock = std::chrono::steady_clock;

// One prober (one libcurl handle, so one kept-alive connection) per worker, kept across the
// rounds of a run: a round does not pay a new handshake per worker, which at a distant target's
// round trip is a round trip per round.
using Probers = std::vector<std::unique_ptr<Prober>>;

// Response bodies larger than this go to the run's spool file as soon as they are received
// (suite/body.h): a run over a whole API keeps its large answers on disk until the reports are
// written, and the small ones (most of a run's: challenges, errors) stay at hand.
constexpr std::size_t kSpoolAbove = 16 * 1024;

// The most batches a round is sent in (RunOptions::judge_batch): 64 progress steps for a
// 100,000-request run; after each, every task is looked at (judge_answered).
constexpr std::size_t kMostBatches = 64;

// How many times Digest answers the target called stale are built again from a fresh nonce.
constexpr int kStaleRenewalRounds = 3;

// Sends `requests` with up to `concurrency` workers; results keep the requests' order. Each
// request moves into its exchange (a 1,000-resource run holds each request once, not twice).
std::vector<Exchange> send_all(std::vector<Request> requests, const RunOptions& options,
                               Clock::time_point deadline, Probers& probers,
                               const std::shared_ptr<Spool>& spool) {
  std::vector<Exchange> out(requests.size());
  // Delayed requests go last, shortest delay first: a worker waiting for one must not hold back
  // the others (with one worker, a request queued behind a 5 s wait would find its nonce or
  // session expired).
  std::vector<std::size_t> order(requests.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return requests[a].not_before < requests[b].not_before;
  });
  std::atomic<std::size_t> next{0};
  auto worker = [&](std::size_t t) {
    Prober& prober = *probers[t];
    for (std::size_t n; (n = next++) < requests.size();) {
      const std::size_t i = order[n];
      if (requests[i].waits()) {  // never past the deadline; the check below then stops it
        const auto wait = requests[i].not_before - std::chrono::system_clock::now();
        if (wait.count() > 0)
          std::this_thread::sleep_until(
              std::min(deadline, Clock::now() + std::chrono::duration_cast<Clock::duration>(wait)));
      }
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) {
        out[i].url = requests[i].url(options.prober.origin);
        out[i].request = std::move(requests[i]);
        out[i].failure = FailureKind::kAborted;
        out[i].error = "not sent: the run's deadline was reached";
        continue;
      }
      // The wire form carries the run's current [oauth] token; the exchange keeps the planned
      // request (its key and the checks' evidence) with the head that was really sent.
      auto send = [&](const Request& planned) {
        Request wire = planned;
        if (options.token) options.token->prepare(wire);
        Exchange ex = prober.send(wire, std::min(left, options.timeout));
        if (options.token && options.token->retry_after(wire, ex)) {
          wire = planned;
          options.token->prepare(wire);
          ex = prober.send(wire, std::min(left, options.timeout));
          ex.preceded =
              "sent again with a renewed [oauth] token: the target refused the earlier "
              "one (invalid_token) after accepting it";
          options.token->retry_after(wire, ex);
        }
        return ex;
      };
      if (const auto& first = requests[i].preceded_by) {
        const Exchange warm = prober.send(*first, std::min(left, options.timeout));
        out[i] = send(requests[i]);
        out[i].preceded = "on the same connection after " + first->summary() + " (" +
                          first->credential +
                          "): " + (warm.ok() ? std::to_string(warm.response.status) : warm.error);
      } else {
        out[i] = send(requests[i]);
      }
      out[i].request = std::move(requests[i]);
      out[i].response.body.spool_to(spool, kSpoolAbove);
      if (options.progress) ++options.progress->requests_sent;
      if (out[i].failure == FailureKind::kTimeout && left <= options.timeout) {
        out[i].failure = FailureKind::kAborted;
        out[i].error = "cut off by the run's deadline";
      }
    }
  };
  const std::size_t n = std::max<std::size_t>(1, std::min(options.concurrency, requests.size()));
  while (probers.size() < n) probers.push_back(std::make_unique<Prober>(options.prober));
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < n; ++t) threads.emplace_back(worker, t);
  for (auto& t : threads) t.join();
  return out;
}

Evidence evidence_for(const Task& task, const std::deque<Exchange>& exchanges) {
  Evidence ev;
  for (std::size_t k = 0; k < task.exchanges.size(); ++k)
    if (const auto i = task.exchanges[k]; i < exchanges.size()) {  // unsent: the run stopped
      ev.mine.push_back(&exchanges[i]);
      ev.steps.push_back(k < task.steps.size() ? task.steps[k] : "");
    }
  return ev;
}

}  // namespace

Verdict decide(const Check& check, const Context& ctx, const Evidence& ev, std::size_t planned) {
  if (ev.size() < planned)
    return {Outcome::kError,
            "not decided: " + std::to_string(planned - ev.size()) + " of its " +
                std::to_string(planned) + " requests were not sent",
            ev.mine};
  std::vector<std::string> needed = check.needs.working;
  if (check.needs.testable != Needs::Testable::kNone) {
    needed = ctx.testable_schemes();
    if (check.needs.testable == Needs::Testable::kFirst && !needed.empty()) needed.resize(1);
  }
  for (const auto& scheme : needed)
    if (!ctx.control_ok(scheme))
      return {Outcome::kError,
              "profile error: the profile's valid " + scheme_display_name(scheme) +
                  " credentials are not accepted on " + ctx.resource->label() +
                  " (CHAL-000), so this check cannot be decided",
              {}};
  Verdict v;
  try {
    v = check.judge(ctx, ev);
  } catch (const MissingEvidence& e) {
    return {Outcome::kError,
            std::string("not decided: ") + e.what() +
                " (request budget, deadline, or an earlier answer left nothing to follow up)",
            ev.mine};
  } catch (const std::exception& e) {
    // A response no check foresaw must never end the run: the result says so instead.
    return {Outcome::kError,
            std::string("not decided: the check failed on a response: ") + e.what(), ev.mine};
  }
  // A result is judged at its check's level and nowhere else: a judge decides pass or fail, and
  // only here does a failed best practice become advice (warn). A judge's own "warn" would show
  // one level and judge at another, so it counts as the failure it is.
  if (v.outcome == Outcome::kWarn) v.outcome = Outcome::kFail;
  // A failed best practice is advice (requirements: "a failed BP is advice"), unless protected
  // content reached a client that should not have it.
  if (v.outcome == Outcome::kFail && check.level == Level::kBestPractice && !v.security_breach)
    v.outcome = Outcome::kWarn;
  return v;
}

RunResult execute(const Profile& profile, RunPlan plan, const RunOptions& options) {
  RunResult run;
  run.started = std::chrono::system_clock::now();
  run.depth = plan.depth;
  run.groups = std::move(plan.groups);
  if (run.depth == Depth::kRepresentative) {
    const std::size_t resources = grouped_resources(run.groups);
    std::unordered_set<const Check*> machinery;
    for (const auto& task : plan.tasks)
      if (task.check->machinery) machinery.insert(task.check);
    if (resources > run.groups.size() && !machinery.empty())
      run.notes.push_back(
          "depth representative: the " + std::to_string(machinery.size()) +
          " checks of the server's machinery ran on one resource of each group of alike "
          "resources (" +
          std::to_string(run.groups.size()) + " groups for " + std::to_string(resources) +
          " resources: the JSON report lists them); --depth full runs them on every resource");
  }
  // A task's own copies of its first steps are not sent (RunPlan::requests are, each once) and
  // not judged (its exchanges are): it keeps only how many it planned. At 100,000 requests these
  // copies were a fifth of the run's peak memory.
  std::vector<std::size_t> planned(plan.tasks.size());
  for (std::size_t t = 0; t < plan.tasks.size(); ++t) {
    planned[t] = plan.tasks[t].plan.requests.size();
    std::vector<Request>().swap(plan.tasks[t].plan.requests);
  }
  RunProgress* progress = options.progress;
  if (progress) {
    progress->requests_planned = plan.requests.size();
    progress->results_total = plan.tasks.size();
    progress->family_results.clear();
    for (const auto& task : plan.tasks) ++progress->family_results[task.check->family];
  }
  const auto start = Clock::now();
  const auto deadline = start + options.deadline;
  std::unordered_map<std::string, std::size_t> sent_index;

  auto fits_budget = [&](std::size_t needed) {
    return !options.max_requests || needed <= options.max_requests;
  };
  // Would `needed` requests in all exceed --max-requests? Then the run says so and stops there.
  auto over_budget = [&](std::size_t needed) {
    if (fits_budget(needed)) return false;
    run.aborted = "the request budget would be exceeded: " + std::to_string(needed) +
                  " requests needed, --max-requests allows " + std::to_string(options.max_requests);
    return true;
  };
  Probers probers;
  std::shared_ptr<Spool> spool;
  try {
    spool = std::make_shared<Spool>();
  } catch (const std::exception& e) {
    run.remarks.push_back(std::string("large response bodies were kept in memory: ") + e.what());
  }
  auto send_round = [&](std::vector<Request> requests) -> bool {
    const std::size_t count = requests.size();
    if (over_budget(run.sent + count)) return false;
    auto results = send_all(std::move(requests), options, deadline, probers, spool);
    // The round's token renewals: shown first (-v), kept after its answers (whose indices the
    // plan holds), counted as sent.
    std::vector<Exchange> renewals;
    if (options.token) renewals = options.token->take_fetches();
    if (options.on_exchange)
      for (const auto& ex : renewals) options.on_exchange(ex);
    std::size_t not_sent = 0;  // held back by the deadline: never on the wire, not counted
    for (auto& ex : results) {
      not_sent += !ex.went_out();
      sent_index.emplace(ex.request.key(), run.exchanges.size());
      if (options.on_exchange) options.on_exchange(ex);
      if (ex.failure == FailureKind::kAborted && run.aborted.empty())
        run.aborted = "the run's deadline (" + std::to_string(options.deadline.count() / 1000) +
                      " s) was reached";
      run.exchanges.push_back(std::move(ex));
    }
    run.sent += count - not_sent + renewals.size();
    for (auto& ex : renewals) run.exchanges.push_back(std::move(ex));
    return true;
  };

  // The first steps go in two rounds. First the requests a follow-up builds on (a rate burst,
  // Digest nonces, logins, challenges to answer), so each follow-up goes out while what it
  // answers is fresh (a nonce, a session, a rate window) and a follow-up that waits out a server
  // clock starts waiting early; then the follow-ups and every other first step together, the
  // follow-ups first. Tasks hold plan-request indices until their requests are sent.
  std::vector<std::size_t> exchange_of(plan.requests.size(), SIZE_MAX);  // plan request -> run
  std::vector<std::size_t> feeders, others;
  // Requests that would lock a tested account are never sent (their checks are undecided).
  const std::vector<bool> held = held_back_for_lockout(profile, plan.requests, run.notes);
  for (std::size_t i = 0; i < plan.requests.size(); ++i)
    if (!held[i]) (plan.requests[i].feeds_follow_up ? feeders : others).push_back(i);
  // A connection that carried a HEAD is not reused (prober.cpp), so the other first steps send
  // their HEADs last: each worker then reconnects at most at the end, not once per HEAD.
  std::stable_partition(others.begin(), others.end(),
                        [&](std::size_t i) { return plan.requests[i].method != "HEAD"; });
  // Each plan request is sent once: it moves into its round, and then into its exchange.
  auto requests_at = [&](const std::vector<std::size_t>& which) {
    std::vector<Request> out;
    out.reserve(which.size());
    for (auto i : which) out.push_back(std::move(plan.requests[i]));
    return out;
  };
  auto mark_sent = [&](const std::vector<std::size_t>& which, std::size_t base) {
    for (std::size_t k = 0; k < which.size(); ++k) exchange_of[which[k]] = base + k;
  };
  // A task's first steps, as run-exchange indices (SIZE_MAX: not sent).
  std::vector<bool> translated(plan.tasks.size(), false);
  auto translate = [&](Task& task) {
    for (auto& i : task.exchanges) i = exchange_of[i];
  };

  // All the first steps fit the budget, or none is sent.
  const bool sent_first = !over_budget(plan.requests.size());
  // Only the target's own origin counts: its cleartext port or a proxy may answer when it does
  // not.
  auto check_reachable = [&] {
    if (run.unreachable || run.exchanges.empty()) return;
    const Exchange* first_failure = nullptr;
    for (const auto& ex : run.exchanges) {
      if (!ex.request.origin.empty()) continue;
      if (ex.ok()) return;
      if (!first_failure) first_failure = &ex;
    }
    if (!first_failure) return;
    run.unreachable = true;
    run.aborted = "target unreachable: " + first_failure->error;
    if (first_failure->failure == FailureKind::kTls)
      run.aborted += " (verify with --cacert FILE, or skip verification with --insecure)";
  };

  // A credential that worked and then stopped (an account locked, by this run or by someone
  // else) ends the run: nothing more is sent, and what rests on its later answers is undecided.
  LockWatch locks(profile);
  auto watch_locks = [&] {
    locks.observe(run.exchanges);
    const auto notices = locks.notices();
    if (!notices.empty() && run.aborted.empty())
      run.aborted =
          notices[0] + (notices.size() > 1
                            ? " (and " + std::to_string(notices.size() - 1) + " more credentials)"
                            : "");
  };

  if (sent_first && !feeders.empty()) {
    // The workers the feeders leave idle take other first steps meanwhile (none that waits for a
    // clock): the round costs no more, and at a distant target's round trip it saves one, and
    // opens those workers' connections early. Follow-ups still go first in the next round.
    std::vector<std::size_t> first_round = feeders;
    for (auto it = others.begin();
         it != others.end() && first_round.size() < options.concurrency;) {
      if (plan.requests[*it].waits()) {
        ++it;
        continue;
      }
      first_round.push_back(*it);
      it = others.erase(it);
    }
    const std::size_t base = run.exchanges.size();
    send_round(requests_at(first_round));
    mark_sent(first_round, base);
    check_reachable();
    watch_locks();
  }

  // A task's follow-ups built from its evidence: their keys and step names, and the ones not yet
  // sent nor `pending` appended to `queue`. `defeated`: what the target sent defeated the check's
  // second step (the follow-up threw).
  struct FollowUps {
    std::vector<std::string> keys, steps;
    bool defeated = false;
  };
  // An index (of a task, or of an entry of `wanted`) with the keys and step names of its
  // follow-ups.
  using IndexedFollowUps =
      std::tuple<std::size_t, std::vector<std::string>, std::vector<std::string>>;
  auto follow_ups_of = [&](const Task& task, const Evidence& ev,
                           const std::unordered_set<std::string>& pending,
                           std::vector<Request>& queue) {
    FollowUps f;
    Context ctx{profile, task.resource, nullptr};
    std::vector<Request> follow;
    try {
      follow = task.check->follow_up(ctx, ev);
    } catch (const std::exception&) {
      f.defeated = true;
      return f;
    }
    for (auto& req : follow) {
      std::string key = req.key();
      f.steps.push_back(req.step);
      if (!sent_index.count(key) && !pending.count(key)) {
        sent_index.emplace(key, SIZE_MAX);
        queue.push_back(std::move(req));
      }
      f.keys.push_back(std::move(key));
    }
    return f;
  };

  // Follow-ups: requests built from first-step responses, deduplicated against every request of
  // the run (sent, or about to go with the other first steps).
  std::vector<Request> extra;
  std::vector<IndexedFollowUps> wanted;  // by task
  if (sent_first && run.aborted.empty() && plan.follow_up_tasks) {
    std::unordered_set<std::string> pending;  // keys of the other first steps
    for (auto i : others) pending.insert(plan.requests[i].key());
    for (std::size_t t = 0; t < plan.tasks.size(); ++t) {
      Task& task = plan.tasks[t];
      if (!task.check->follow_up || !task.plan.skip.empty()) continue;
      translate(task);  // every first step of a follow-up task went in the first round
      translated[t] = true;
      Evidence ev = evidence_for(task, run.exchanges);
      bool usable = ev.mine.size() == task.exchanges.size();
      for (const auto* ex : ev.mine) usable = usable && ex->ok();
      if (!usable) continue;
      FollowUps f = follow_ups_of(task, ev, pending, extra);
      if (f.defeated) f = {};  // its judge reports undecided
      wanted.emplace_back(t, std::move(f.keys), std::move(f.steps));
    }
  }

  // Follow-ups answering a Digest nonce the target called stale meanwhile (the run was slower
  // than its nonce lifetime): each such task's follow-ups are built once more from the fresh
  // challenge and sent, and those are judged (stale_nonce.h). Within the budget, or not at all.
  // Per renewed task (index into `wanted`): the evidence its last renewal was built from, whose
  // nonce step is the stale answer that gave the nonce (a renewed answer's nonce comes from there,
  // not from a first step).
  std::map<std::size_t, Evidence> renewed_from;
  auto renew_stale_answers = [&]() -> bool {
    std::vector<Request> again;
    std::vector<IndexedFollowUps> renewed;  // by index into `wanted`
    for (std::size_t w = 0; w < wanted.size(); ++w) {
      const auto& [t, keys, steps] = wanted[w];
      const Exchange* stale = nullptr;
      for (const auto& k : keys)
        if (const auto i = sent_index[k];
            i < run.exchanges.size() && !stale && refused_as_stale(run.exchanges[i]))
          stale = &run.exchanges[i];
      if (!stale) continue;
      const Task& task = plan.tasks[t];
      const auto last = renewed_from.find(w);
      auto ev = with_fresh_nonce(
          last != renewed_from.end() ? last->second : evidence_for(task, run.exchanges), *stale);
      if (!ev) continue;
      FollowUps f = follow_ups_of(task, *ev, {}, again);
      if (f.defeated || f.keys.empty()) continue;  // the stale answer stays what is judged
      renewed_from[w] = std::move(*ev);
      renewed.emplace_back(w, std::move(f.keys), std::move(f.steps));
    }
    if (again.empty() || !fits_budget(run.sent + again.size())) return false;
    if (progress) progress->requests_planned += again.size();
    const std::size_t base = run.exchanges.size(), count = again.size();
    send_round(std::move(again));
    for (std::size_t i = base; i < base + count && i < run.exchanges.size(); ++i) {
      sent_index[run.exchanges[i].request.key()] = i;
      run.exchanges[i].preceded =
          "sent again with the fresh nonce of the target's stale=true answer (RFC 7616 §3.3)";
    }
    for (auto& [w, keys, steps] : renewed) {
      std::get<1>(wanted[w]) = std::move(keys);
      std::get<2>(wanted[w]) = std::move(steps);
    }
    return true;
  };

  // Judging. A task is judged once every answer it rests on is in: during the run where that is
  // known early (below), the rest at the end. Its verdict is the same either way: a judge reads
  // its own exchanges, the profile and the positive controls; the checks that read every exchange
  // (judged_on_whole_run) are judged at the end.
  bool progress_stopped = false;
  // A run that stopped early has no more progress to show: the line saying why comes next.
  auto stop_progress = [&] {
    if (progress && !progress_stopped && progress->on_stop) progress->on_stop();
    progress_stopped = true;
  };
  ControlTable controls;
  bool controls_judged = false;
  std::vector<const Exchange*> all;  // every exchange, for judged_on_whole_run at the end
  std::unordered_map<std::string, std::vector<const Exchange*>> at_target;  // `all` by target
  std::vector<Result> results(plan.tasks.size());
  std::vector<bool> judged(plan.tasks.size(), false);
  auto judge_one = [&](std::size_t t) {
    const Task& task = plan.tasks[t];
    Result& r = results[t];
    r.check = task.check;
    r.resource = task.resource_label();
    if (!task.plan.skip.empty()) {
      r.verdict = {Outcome::kSkip, task.plan.skip, {}};
      return;
    }
    // The deadline bounds judging too (with a quarter second's grace, as sending may end right
    // at it; the rest of the second past the deadline is the reports'): what is left after that
    // stays undecided, with its evidence, so hostile answers cannot stretch a run past it.
    if (Clock::now() > deadline + std::chrono::milliseconds(250)) {
      if (run.aborted.empty())
        run.aborted = "the run's deadline (" + std::to_string(options.deadline.count() / 1000) +
                      " s) was reached while judging";
      r.exchanges = evidence_for(task, run.exchanges).mine;
      r.verdict = {Outcome::kError, "not decided: the run's deadline was reached first",
                   r.exchanges};
      return;
    }
    Evidence ev = evidence_for(task, run.exchanges);
    if (judged_on_whole_run(*task.check)) ev.all = all;
    if (task.check->reads_whole_run && task.resource)
      if (const auto it = at_target.find(profile.target(*task.resource)); it != at_target.end())
        ev.at_resource = it->second;
    r.exchanges = ev.mine;
    r.steps = ev.steps;
    if (ev.mine.size() < planned[t]) {
      r.verdict = {Outcome::kError,
                   "not decided: " + (run.aborted.empty() ? "requests not sent" : run.aborted),
                   {}};
      return;
    }
    for (const auto* ex : ev.mine)
      if (const std::string why = locks.spoiled(*ex); !why.empty()) {
        r.verdict = {Outcome::kError, why, {ex}};
        return;
      }
    for (const auto* ex : ev.mine)
      if (!ex->ok() && (ex->failure == FailureKind::kAborted || !task.check->judges_failures)) {
        r.verdict = {
            Outcome::kError, "not decided: " + describe_request(*ex) + ": " + ex->error, {ex}};
        return;
      }
    Context ctx{profile, task.resource, &controls};
    r.verdict = decide(*task.check, ctx, ev, planned[t]);
    if (r.verdict.shown.empty() && r.verdict.outcome != Outcome::kPass) r.verdict.shown = ev.mine;
  };
  auto judge = [&](std::size_t t) {
    if (!translated[t]) translate(plan.tasks[t]);
    translated[t] = true;
    judge_one(t);
    judged[t] = true;
    if (!progress) return;
    if (!run.aborted.empty()) stop_progress();
    ++progress->results_done;
    if (results[t].verdict.outcome == Outcome::kFail) ++progress->failures;
    if (!progress_stopped && progress->on_result) progress->on_result(results[t]);
  };
  // The positive controls first, so the checks relying on them know.
  auto judge_controls = [&] {
    controls_judged = true;
    for (std::size_t t = 0; t < plan.tasks.size(); ++t) {
      const Task& task = plan.tasks[t];
      if (task.check->level != Level::kPrerequisite) continue;
      judge(t);
      if (!task.resource || task.resource->is_public || !task.plan.skip.empty()) continue;
      Context ctx{profile, task.resource, nullptr};
      const auto schemes = ctx.testable_schemes();
      for (std::size_t i = 0; i < schemes.size() && i < task.exchanges.size(); ++i) {
        if (task.exchanges[i] >= run.exchanges.size())
          continue;  // not sent: no verdict on the profile
        const Exchange& ex = run.exchanges[task.exchanges[i]];
        if (!locks.spoiled(ex).empty()) continue;  // a locked account says nothing of the profile
        controls[task.resource->label()][schemes[i]] = ex.ok() && accepted(ctx, ex).empty();
      }
    }
    // A HEAD twin relies on the control of its GET.
    for (const auto& r : profile.protected_resources)
      if (r.head_twin) {
        Resource get = r;
        get.method = "GET";
        if (controls.count(get.label())) controls[r.label()] = controls[get.label()];
      }
  };
  // Judged during the run: a task with neither a follow-up (its answers may be renewed later) nor
  // a run-wide view, every first step of which has been answered; and only once the controls are.
  // A translated task (judged already, or a follow-up task) holds run-exchange indices, no longer
  // plan-request ones, so exchange_of must not be asked about it.
  auto answered = [&](std::size_t t) {
    const Task& task = plan.tasks[t];
    if (task.check->follow_up || judged_on_whole_run(*task.check) || translated[t]) return false;
    for (auto i : task.exchanges)
      if (exchange_of[i] == SIZE_MAX) return false;
    return true;
  };
  auto judge_answered = [&] {
    if (!run.aborted.empty()) return;  // a stopped run is judged at the end, as it stands
    if (!controls_judged) {
      for (std::size_t t = 0; t < plan.tasks.size(); ++t)
        if (plan.tasks[t].check->level == Level::kPrerequisite && !answered(t)) return;
      judge_controls();
    }
    for (std::size_t t = 0; t < plan.tasks.size(); ++t)
      if (!judged[t] && answered(t)) judge(t);
  };

  // A credential that worked and was since refused only in variant questions: ask the plain
  // question once more, if `later` more requests still fit the budget with it, to tell a lock
  // from the target's real answers to the variants.
  auto recheck_doubts = [&](std::size_t later) {
    if (!run.aborted.empty()) return;
    const auto again = locks.rechecks();
    if (!again.empty() && fits_budget(run.sent + later + again.size())) {
      send_round(again);
      watch_locks();
    }
  };

  // A round larger than RunOptions::judge_batch goes in batches, its requests that wait for a
  // server clock in the last one, and the tasks whose answers are all in are judged after each
  // batch: a long run shows its results (and failures) as it goes, and stops at the batch where
  // a credential is seen to have stopped working. `origin`: the plan request each of the round's
  // requests is (SIZE_MAX for a follow-up, found by its key).
  auto send_in_batches = [&](std::vector<Request> round, const std::vector<std::size_t>& origin) {
    std::vector<std::size_t> order(round.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    // At most kMostBatches: every task is looked at after each batch, so batches of a fixed size
    // would make a very large round's cost grow with its square.
    std::size_t batch = std::max<std::size_t>(
        {1, options.judge_batch, (round.size() + kMostBatches - 1) / kMostBatches});
    // All of the round fits the budget or none of it goes (send_round says why).
    if (round.size() <= batch || !fits_budget(run.sent + round.size()))
      batch = std::max<std::size_t>(1, round.size());
    else
      std::stable_partition(order.begin(), order.end(),
                            [&](std::size_t i) { return !round[i].waits(); });
    for (std::size_t from = 0; from < order.size(); from += batch) {
      const std::size_t to = std::min(order.size(), from + batch);
      std::vector<Request> part;
      part.reserve(to - from);
      for (std::size_t k = from; k < to; ++k) part.push_back(std::move(round[order[k]]));
      const std::size_t base = run.exchanges.size();
      if (!send_round(std::move(part))) return;
      for (std::size_t k = from; k < to; ++k) {
        const std::size_t at = base + (k - from);
        if (origin[order[k]] == SIZE_MAX)
          sent_index[run.exchanges[at].request.key()] = at;
        else
          exchange_of[origin[order[k]]] = at;
      }
      if (to == order.size()) break;
      // A credential that stopped working (an account locked) ends the run here: nothing more is
      // sent, to the locked account least of all.
      watch_locks();
      recheck_doubts(order.size() - to);
      if (!run.aborted.empty()) return;
      judge_answered();
    }
  };

  if (sent_first && run.aborted.empty()) {
    // The follow-ups first (those that wait for a server clock go last, at their time), then the
    // other first steps. Follow-ups that would exceed the request budget stay unsent.
    std::vector<Request> round = requests_at(others);
    const bool follow_ups_fit = !over_budget(run.sent + round.size() + extra.size());
    const std::size_t follow_ups = follow_ups_fit ? extra.size() : 0;
    std::vector<std::size_t> origin(follow_ups, SIZE_MAX);
    origin.insert(origin.end(), others.begin(), others.end());
    if (follow_ups_fit)
      round.insert(round.begin(), std::make_move_iterator(extra.begin()),
                   std::make_move_iterator(extra.end()));
    if (progress) progress->requests_planned += follow_ups;
    send_in_batches(std::move(round), origin);
    extra.clear();
    check_reachable();
    watch_locks();
    // A renewed answer goes stale too when the run is slower still: its nonce came with an answer
    // of the round before, which may be long past at one worker on a loaded machine. It is
    // renewed again from its own stale answer's newer nonce, a few rounds at most (a target that
    // calls every nonce stale is judged on its last answer).
    if (follow_ups_fit)
      for (int round = 0; round < kStaleRenewalRounds && run.aborted.empty(); ++round)
        if (!renew_stale_answers()) break;
    recheck_doubts(0);
    if (follow_ups_fit)
      for (auto& [t, keys, steps] : wanted) {
        for (const auto& k : keys) plan.tasks[t].exchanges.push_back(sent_index[k]);
        for (auto& st : steps) plan.tasks[t].steps.push_back(std::move(st));
      }
    wanted.clear();
  }
  // A credential that stopped working spoils the answers given after it did, the positive
  // controls' among them, which the results judged during the run could not know: those are
  // judged again, all of them, now that the whole run is known (the run stopped, and its progress
  // display with it).
  if (!locks.notices().empty()) {
    for (const std::size_t i : locks.proof()) run.aborted_by.push_back(&run.exchanges[i]);
    std::fill(judged.begin(), judged.end(), false);
    controls.clear();
    controls_judged = false;
    if (progress) progress->results_done = progress->failures = 0;
  }
  for (std::size_t t = 0; t < plan.tasks.size(); ++t)
    if (!translated[t]) translate(plan.tasks[t]);
  translated.assign(plan.tasks.size(), true);
  // Judging needs the exchanges, not the plan's copies of what they carry (each sent request has
  // moved into its exchange), nor the index of what was sent.
  std::vector<Request>().swap(plan.requests);
  std::unordered_map<std::string, std::size_t>().swap(sent_index);

  if (!run.aborted.empty()) stop_progress();
  for (const auto& ex : run.exchanges) {
    all.push_back(&ex);
    at_target[ex.request.target].push_back(&ex);
  }
  if (!controls_judged) judge_controls();
  for (std::size_t t = 0; t < plan.tasks.size(); ++t)
    if (!judged[t]) judge(t);

  run.results = std::move(results);
  run.controls = std::move(controls);
  if (options.token)
    if (const std::string renewed = options.token->summary(); !renewed.empty())
      run.remarks.push_back(renewed);
  run.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  return run;
}

}  // namespace authspec
