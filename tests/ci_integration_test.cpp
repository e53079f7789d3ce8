// The CI integration (issue 18): the GitHub Action (action.yml) and the GitLab template
// (ci/authspec.gitlab-ci.yml) pass their inputs to one script, scripts/authspec-ci, which builds
// the authspec command. Tested here: every input reaches the script and the template offers the
// same variables; the script refuses what would mislead (no target: a green run of the bundled
// mock) and lets a shard's own failures through; and every authspec job of the examples/ runs as
// written (runs in a dry run, merges for real), read with yaml-cpp as GitHub and GitLab read them.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include "tests/support/cli_runner.h"
#include "tests/support/raw_server.h"

namespace authspec::test {
namespace {

namespace fs = std::filesystem;
using Variables = std::map<std::string, std::string>;

const std::string kSource = AUTHSPEC_SOURCE_DIR;
const std::string kScript = kSource + "/scripts/authspec-ci";
const std::string kAuthspec = std::string(AUTHSPEC_BINARY_DIR) + "/authspec";

std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct ScriptRun {
  int code = -1;
  std::string output;
};

// scripts/authspec-ci in `dir` with only these variables (and PATH, and the built authspec).
ScriptRun authspec_ci(const std::string& dir, const Variables& vars) {
  std::string command =
      "cd " + quoted(dir) +
      " && timeout 120 env -i PATH=/usr/bin:/bin AUTHSPEC_BIN=" + quoted(kAuthspec);
  for (const auto& [name, value] : vars) command += " " + name + "=" + quoted(value);
  ScriptRun r;
  r.code = shell(command + " sh " + quoted(kScript), &r.output);
  return r;
}

// "${{ inputs.fail-on }}" -> "fail-on" ("" when the value is not one input).
std::string input_of(const std::string& value) {
  static const std::regex input(R"(^\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}$)");
  std::smatch m;
  return std::regex_match(value, m, input) ? m[1].str() : "";
}

// The action's inputs (with their defaults) and the variable each passes to authspec-ci.
struct Action {
  Variables defaults;                           // input -> default
  std::map<std::string, std::string> variable;  // input -> AUTHSPEC_CI_*
};

Action read_action() {
  const YAML::Node action = YAML::LoadFile(kSource + "/action.yml");
  Action a;
  for (const auto& input : action["inputs"])
    a.defaults[input.first.as<std::string>()] = input.second["default"].as<std::string>("");
  for (const auto& step : action["runs"]["steps"])
    if (step["run"] && step["run"].as<std::string>().find("authspec-ci") != std::string::npos)
      for (const auto& env : step["env"])
        a.variable[input_of(env.second.as<std::string>())] = env.first.as<std::string>();
  return a;
}

TEST(CiIntegration, EveryInputReachesTheScriptAndTheTemplateOffersTheSame) {
  const Action action = read_action();
  ASSERT_GE(action.variable.size(), 10u);
  EXPECT_FALSE(action.variable.count("")) << "an env value of the run step is not one input";
  const std::string script = read_file(kScript);
  const YAML::Node gitlab = YAML::LoadFile(kSource + "/ci/authspec.gitlab-ci.yml");
  std::set<std::string> template_variables;
  for (const auto& v : gitlab[".authspec"]["variables"])
    template_variables.insert(v.first.as<std::string>());
  // Inputs that steer the action's own steps rather than the command.
  const std::set<std::string> action_only = {"package", "upload", "artifact"};
  for (const auto& [input, fallback] : action.defaults) {
    if (action_only.count(input)) continue;
    ASSERT_TRUE(action.variable.count(input))
        << "input " << input << " is not passed to authspec-ci";
    const std::string var = action.variable.at(input);
    EXPECT_NE(script.find("${" + var), std::string::npos) << var << " is not read by authspec-ci";
    EXPECT_TRUE(template_variables.count(var)) << var << " is missing from the GitLab template";
  }
  EXPECT_TRUE(template_variables.count("AUTHSPEC_CI_PACKAGE"));
  EXPECT_EQ(action.defaults.at("fail-on"), "any");
  EXPECT_EQ(action.defaults.at("report-dir"), "authspec-report");
}

TEST(CiIntegration, TheScriptRefusesWhatWouldMisleadInOneLine) {
  TempDir tmp;
  for (const Variables& bad : std::vector<Variables>{
           {},  // nothing to test: authspec would test its bundled mock and pass
           {{"AUTHSPEC_CI_PROFILE", "p.ini"}, {"AUTHSPEC_CI_FAIL_ON", "sometimes"}},
           {{"AUTHSPEC_CI_MERGE", "*.json"}, {"AUTHSPEC_CI_SHARD", "1/2"}},
           {{"AUTHSPEC_CI_MERGE", "nothing-here-*/authspec.json"}}}) {
    const ScriptRun r = authspec_ci(tmp.dir(), bad);
    EXPECT_EQ(r.code, 2) << r.output;
    EXPECT_EQ(r.output.rfind("authspec-ci: ", 0), 0u) << r.output;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
  }
  // A profile that cannot be read: authspec's own exit code and line.
  const ScriptRun missing = authspec_ci(tmp.dir(), {{"AUTHSPEC_CI_PROFILE", "absent.ini"}});
  EXPECT_EQ(missing.code, 2) << missing.output;
  EXPECT_NE(missing.output.find("absent.ini"), std::string::npos) << missing.output;
}

TEST(CiIntegration, TheMockOnPurposeAndAShardWhoseFailuresTheMergeGates) {
  TempDir tmp;
  const ScriptRun demo = authspec_ci(
      tmp.dir(), {{"AUTHSPEC_CI_MOCK", "true"}, {"AUTHSPEC_CI_ARGS", "--only CHAL-006 --quiet"}});
  EXPECT_EQ(demo.code, 0) << demo.output;
  EXPECT_TRUE(fs::exists(tmp.path("authspec-report/authspec-junit.xml")));
  EXPECT_NE(demo.output.find("authspec-ci: " + kAuthspec + " run --report-dir authspec-report"),
            std::string::npos)
      << demo.output;
  // The shard's part fails (exit 1 from authspec): the shard job passes, the merge gates.
  const Variables shard = {{"AUTHSPEC_CI_MOCK", "true"},
                           {"AUTHSPEC_CI_SHARD", "1/1"},
                           {"AUTHSPEC_CI_REPORT_DIR", "shard-1"},
                           {"AUTHSPEC_CI_ARGS", "--only CHAL-006 --mock-defect realm-unquoted"}};
  const ScriptRun part = authspec_ci(tmp.dir(), shard);
  EXPECT_EQ(part.code, 0) << part.output;
  EXPECT_NE(part.output.find("the merge job's gate decides"), std::string::npos) << part.output;
  const ScriptRun gate = authspec_ci(tmp.dir(), {{"AUTHSPEC_CI_MERGE", "shard-*/authspec.json"}});
  EXPECT_EQ(gate.code, 1) << gate.output;
}

// scripts/ci_install.sh installs nothing when authspec is installed already (a CI image of your
// own), and names a package that is not there in one line. (Installing for real changes the
// machine: the package test installs into a scratch root instead.)
TEST(CiIntegration, TheInstallerUsesWhatIsThereAndNamesWhatIsNot) {
  TempDir tmp;
  fs::create_directories(tmp.path("bin"));
  fs::create_symlink(kAuthspec, tmp.path("bin/authspec"));
  fs::create_symlink(kScript, tmp.path("bin/authspec-ci"));
  const std::string installer = quoted(kSource + "/scripts/ci_install.sh");
  std::string log;
  EXPECT_EQ(shell("env -i PATH=" + tmp.path("bin") + ":/usr/bin:/bin sh " + installer, &log), 0)
      << log;
  EXPECT_EQ(log.rfind("authspec ", 0), 0u) << log;  // --version of the one on PATH
  if (fs::exists("/usr/bin/authspec")) GTEST_SKIP() << "authspec is installed on this machine";
  EXPECT_EQ(shell("env -i PATH=/usr/bin:/bin AUTHSPEC_CI_PACKAGE=" + tmp.path("absent.deb") +
                      " sh " + installer,
                  &log),
            2)
      << log;
  EXPECT_NE(log.find("no package at " + tmp.path("absent.deb")), std::string::npos) << log;
}

// The jobs of an example that use the action or the template, as the variables authspec-ci gets:
// the action's inputs (defaults filled in) or the template's variables (the job's over them).
// Secrets and CI placeholders are left out or given a value, as a CI system would.
std::vector<Variables> example_jobs(const std::string& file) {
  const YAML::Node doc = YAML::LoadFile(kSource + "/examples/" + file);
  std::vector<Variables> out;
  auto fill = [](std::string value) {
    for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
             {"${{ matrix.shard }}", "1"}, {"$CI_NODE_INDEX", "1"}, {"$CI_NODE_TOTAL", "3"}})
      for (auto p = value.find(from); p != std::string::npos; p = value.find(from, p))
        value.replace(p, from.size(), to);
    return value;
  };
  if (doc["jobs"]) {  // GitHub Actions
    const Action action = read_action();
    for (const auto& job : doc["jobs"])
      for (const auto& step : job.second["steps"]) {
        if (step["uses"].as<std::string>("") != "./authspec") continue;
        Variables inputs = action.defaults;
        for (const auto& w : step["with"])
          inputs[w.first.as<std::string>()] = w.second.as<std::string>();
        for (const auto& [name, value] : inputs) {
          EXPECT_TRUE(action.defaults.count(name)) << file << ": the action has no input " << name;
        }
        Variables vars;
        for (const auto& [input, var] : action.variable) vars[var] = fill(inputs[input]);
        out.push_back(vars);
      }
    return out;
  }
  const YAML::Node templ = YAML::LoadFile(kSource + "/ci/authspec.gitlab-ci.yml")[".authspec"];
  for (const auto& job : doc) {
    if (!job.second.IsMap() || job.second["extends"].as<std::string>("") != ".authspec") continue;
    Variables vars;
    for (const auto& v : templ["variables"])
      vars[v.first.as<std::string>()] = v.second.as<std::string>();
    for (const auto& v : job.second["variables"]) {
      const std::string value = fill(v.second.as<std::string>());
      if (value.find('$') == std::string::npos)
        vars[v.first.as<std::string>()] = value;
      else
        vars.erase(v.first.as<std::string>());  // a masked CI/CD variable: a secret
    }
    out.push_back(vars);
  }
  return out;
}

TEST(Examples, EveryAuthspecJobRunsAsWritten) {
  TempDir tmp;
  fs::create_directories(tmp.path("ci"));
  tmp.write("ci/staging.ini",
            mock_profile_for("https://127.0.0.1:" + std::to_string(closed_port())));
  fs::copy_file(kSource + "/examples/authspec-waivers.txt", tmp.path("ci/authspec-waivers.txt"));
  // What the merge jobs download: the shards of one run, as GitHub and GitLab lay them out.
  for (const char* i : {"1", "2", "3"}) {
    const std::string json = tmp.path(std::string("shard-") + i + "/authspec.json");
    fs::create_directories(fs::path(json).parent_path());
    ASSERT_EQ(run_authspec(
                  {"run", "--only", "CHAL-006", "--shard", std::string(i) + "/3", "--json", json})
                  .code,
              0);
    fs::create_directories(tmp.path(std::string("authspec-shard-") + i));
    fs::copy_file(json, tmp.path(std::string("authspec-shard-") + i + "/authspec.json"));
  }
  fs::copy_file(tmp.path("shard-1/authspec.json"), tmp.path("ci/authspec-baseline.json"));
  std::size_t runs = 0, merges = 0;
  for (const char* example : {"github-actions.yml", "github-actions-sharded.yml", "gitlab-ci.yml",
                              "gitlab-ci-sharded.yml"}) {
    const auto jobs = example_jobs(example);
    EXPECT_FALSE(jobs.empty()) << example;
    for (auto vars : jobs) {
      const bool merge = !vars["AUTHSPEC_CI_MERGE"].empty();
      (merge ? merges : runs) += 1;
      if (!merge) vars["AUTHSPEC_CI_ARGS"] += " --dry-run";
      const ScriptRun r = authspec_ci(tmp.dir(), vars);
      EXPECT_EQ(r.code, 0) << example << ":\n" << r.output;
    }
  }
  EXPECT_EQ(runs, 4u);
  EXPECT_EQ(merges, 2u);
  EXPECT_FALSE(read_file(tmp.path("authspec-report/authspec-junit.xml")).empty());
}

}  // namespace
}  // namespace authspec::test
