// Records tests/judge_cases/: for every check, one passing case from the compliant mock and one
// failing case from the mock defect its matrix row says it catches, each with only the
// exchanges its verdict rests on (kept only when a replay gives the recorded outcome again).
//   build/tests/record_judge_cases tests/judge_cases
// Rerun it when a check's requests or judge change on purpose (the replay test says which).
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "mock_server/mock_server.h"
#include "suite/mock_profile.h"
#include "suite/plan.h"
#include "suite/registry.h"
#include "tests/defect_matrix.h"
#include "tests/support/judge_cases.h"

namespace authspec::test {
namespace {

struct Recorded {
  std::mutex mutex;
  std::map<std::string, JudgeCase> pass, fail;  // by check
  std::set<std::string> unreproducible;
};

// The smallest evidence that decides the same: its own exchanges, then those shown, then the
// whole run (in run order).
bool keep(const RunResult& run, const Result& r, std::size_t planned, const std::string& name,
          const mock::MockServer& m, JudgeCase& out) {
  JudgeCase c;
  c.planned = planned;
  c.check = r.check->id;
  c.resource = r.resource;
  c.run = name;
  c.expect = outcome_name(r.verdict.outcome);
  c.message = r.verdict.message;
  c.steps = r.steps;
  c.origin = m.url();
  c.http_url = m.cleartext_url();
  c.proxy_url = m.proxy_url();
  c.controls = run.controls;
  std::map<const Exchange*, std::string> mine;
  for (const auto* ex : r.exchanges) {
    mine[ex] = "m" + std::to_string(c.mine.size());
    c.mine.push_back(*ex);
  }
  for (int widen = 0; widen < 3; ++widen) {
    std::set<const Exchange*> wanted;
    for (const auto* ex : r.exchanges) wanted.insert(ex);
    if (widen >= 1)
      for (const auto* ex : r.verdict.shown) wanted.insert(ex);
    c.extra.clear();
    c.all.clear();
    for (const auto& ex : run.exchanges) {
      if (widen < 2 && !wanted.count(&ex)) continue;
      if (const auto it = mine.find(&ex); it != mine.end()) {
        c.all.push_back(it->second);
      } else {
        c.all.push_back("x" + std::to_string(c.extra.size()));
        c.extra.push_back(ex);
      }
    }
    // The same outcome is enough: a run-wide message counts what it saw ("every 401 (of 9)"),
    // so the case pins the message its own evidence gives.
    const Verdict v = replay(c);
    if (outcome_name(v.outcome) == c.expect) {
      c.message = v.message;
      out = std::move(c);
      return true;
    }
  }
  return false;
}

void record_run(const std::string& name, const std::set<std::string>& fails, bool compliant,
                Recorded& rec) {
  mock::MockOptions mo;
  if (!compliant) mo.defects = mock::Defects({name});
  mock::MockServer m(mo);
  m.start();
  ProfileOverrides o;
  o.base_url = m.url();
  o.http_url = m.cleartext_url();
  o.proxy_url = m.proxy_url();
  o.cacert_pem = m.ca_pem();
  Profile profile = load_profile_text(kMockProfile, "mock.ini", o, mock_fixture_file);
  profile.bundled_mock = true;
  profile.allow_bursts = true;
  std::vector<const Check*> checks;
  for (const auto& c : catalogue()) checks.push_back(&c);
  RunPlan plan = build_plan(profile, checks);
  std::vector<std::size_t> planned;
  for (const auto& t : plan.tasks) planned.push_back(t.plan.requests.size());
  RunOptions options;
  options.prober.origin = profile.origin;
  options.prober.cacert_pem = profile.tls.cacert_pem;
  const RunResult run = execute(profile, std::move(plan), options);
  for (std::size_t i = 0; i < run.results.size(); ++i) {
    const Result& r = run.results[i];
    const Outcome o = r.verdict.outcome;
    const bool wanted =
        compliant ? o == Outcome::kPass
                  : fails.count(r.check->id) && (o == Outcome::kFail || o == Outcome::kWarn);
    if (!wanted) continue;
    {
      std::lock_guard<std::mutex> lock(rec.mutex);
      auto& slot = compliant ? rec.pass : rec.fail;
      if (slot.count(r.check->id)) continue;
    }
    JudgeCase c;
    bool kept = false;
    try {
      kept = keep(run, r, planned[i], compliant ? "compliant" : name, m, c);
    } catch (const std::exception& e) {
      std::cerr << r.check->id << ": " << e.what() << "\n";
    }
    std::lock_guard<std::mutex> lock(rec.mutex);
    auto& slot = compliant ? rec.pass : rec.fail;
    if (kept)
      slot.emplace(r.check->id, std::move(c));
    else
      rec.unreproducible.insert(r.check->id + " (" + name + ")");
  }
}

}  // namespace
}  // namespace authspec::test

int main(int argc, char** argv) {
  using namespace authspec;
  using namespace authspec::test;
  if (argc != 2) {
    std::cerr << "usage: record_judge_cases DIR\n";
    return 2;
  }
  Recorded rec;
  record_run("compliant", {}, true, rec);
  std::vector<const DefectRow*> rows;
  for (const auto& row : defect_matrix())
    if (!row.fails.empty()) rows.push_back(&row);
  std::size_t next = 0;
  std::mutex next_mutex;
  auto worker = [&] {
    for (;;) {
      const DefectRow* row;
      {
        std::lock_guard<std::mutex> lock(next_mutex);
        if (next == rows.size()) return;
        row = rows[next++];
        bool needed = false;
        std::lock_guard<std::mutex> rlock(rec.mutex);
        for (const auto& id : row->fails) needed = needed || !rec.fail.count(id);
        if (!needed) continue;
      }
      record_run(row->defect, row->fails, false, rec);
    }
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; ++i) threads.emplace_back(worker);
  for (auto& t : threads) t.join();

  std::map<std::string, nlohmann::json> by_family;
  for (const auto& c : catalogue()) {
    nlohmann::json& f = by_family[c.family];
    if (f.is_null()) f = nlohmann::json::array();
    for (auto* slot : {&rec.pass, &rec.fail})
      if (const auto it = slot->find(c.id); it != slot->end())
        f.push_back(case_to_json(it->second));
  }
  for (const auto& [family, cases] : by_family) {  // one case per line: small, and diffable
    std::ofstream out(std::string(argv[1]) + "/" + family + ".json");
    out << "[\n";
    for (std::size_t i = 0; i < cases.size(); ++i)
      out << cases[i].dump() << (i + 1 < cases.size() ? ",\n" : "\n");
    out << "]\n";
  }
  for (const auto& c : catalogue()) {
    if (!rec.pass.count(c.id)) std::cout << c.id << ": no passing case\n";
    if (!rec.fail.count(c.id)) std::cout << c.id << ": no failing case\n";
  }
  for (const auto& u : rec.unreproducible) std::cout << "not reproducible: " << u << "\n";
  return 0;
}
