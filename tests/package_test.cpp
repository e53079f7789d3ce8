// The Debian package (issue 18): cpack builds it from this build, dpkg installs it into a scratch
// root (the machine's own /usr is left alone), the installed authspec runs the embedded demo, its
// man pages say what --help says, and dpkg removes it again.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/cli_runner.h"

namespace authspec::test {
namespace {

namespace fs = std::filesystem;

TEST(Package, BuildsInstallsRunsTheDemoAndRemoves) {
  ASSERT_TRUE(fs::exists("/usr/bin/dpkg-shlibdeps")) << "scripts/test.sh installs dpkg-dev";
  TempDir tmp;
  std::string log;
  ASSERT_EQ(
      shell("cd " AUTHSPEC_BINARY_DIR " && timeout 300 cpack -G DEB -B " + tmp.path("pkg"), &log),
      0)
      << log;
  std::string deb;
  for (const auto& e : fs::directory_iterator(tmp.path("pkg")))
    if (e.path().extension() == ".deb") deb = e.path().string();
  ASSERT_FALSE(deb.empty()) << log;
  // The runtime libraries' packages are declared (read off the binaries).
  ASSERT_EQ(shell("dpkg-deb -f " + deb + " Depends", &log), 0) << log;
  for (const char* dependency : {"libcurl", "libssl", "libboost-program-options", "libyaml-cpp"})
    EXPECT_NE(log.find(dependency), std::string::npos) << dependency << " in " << log;

  const std::string root = tmp.path("root");
  fs::create_directories(root + "/var/lib/dpkg/info");
  fs::create_directories(root + "/var/lib/dpkg/updates");
  tmp.write("root/var/lib/dpkg/status", "");
  const std::string dpkg = "dpkg --root=" + root + " --force-depends --log=/dev/null ";
  ASSERT_EQ(shell(dpkg + "-i " + deb, &log), 0) << log;
  for (const char* file :
       {"/usr/bin/authspec", "/usr/bin/authspec-mock", "/usr/share/man/man1/authspec.1.gz",
        "/usr/share/man/man5/authspec-profile.5.gz",
        "/usr/share/bash-completion/completions/authspec",
        "/usr/share/doc/authspec/examples/github-actions.yml",
        "/usr/share/doc/authspec/examples/profiles/nginx.ini",
        "/usr/share/doc/authspec/ci/action.yml",
        "/usr/share/doc/authspec/ci/authspec.gitlab-ci.yml",
        "/usr/share/doc/authspec/docs/catalogue.md", "/usr/share/doc/authspec/docs/profile.md"})
    EXPECT_TRUE(fs::exists(root + file)) << file;

  ASSERT_EQ(shell(root + "/usr/bin/authspec --version", &log), 0) << log;
  EXPECT_EQ(log.rfind("authspec ", 0), 0u) << log;
  EXPECT_NE(log.find("(catalogue "), std::string::npos) << log;
  // The embedded demo, from the installed binary (the mock's profile and keys are built in).
  const std::string out = tmp.path("out");
  ASSERT_EQ(
      shell("cd / && " + root + "/usr/bin/authspec run --no-color --quiet --report-dir " + out,
            &log),
      0)
      << log;
  EXPECT_NE(log.find("Gate passed"), std::string::npos) << log;
  EXPECT_TRUE(fs::exists(out + "/authspec.html"));
  // The CI wrapper the action and the GitLab template run, installed beside it.
  ASSERT_EQ(shell("cd " + tmp.dir() + " && PATH=" + root +
                      "/usr/bin:/usr/bin:/bin AUTHSPEC_CI_MOCK=true " +
                      "AUTHSPEC_CI_REPORT_DIR=ci-out AUTHSPEC_CI_ARGS='--only CHAL-006 --quiet' " +
                      root + "/usr/bin/authspec-ci",
                  &log),
            0)
      << log;
  EXPECT_TRUE(fs::exists(tmp.path("ci-out/authspec-junit.xml"))) << log;
  // The man pages are the declarations --help prints: every run option is in authspec(1).
  ASSERT_EQ(shell("zcat " + root + "/usr/share/man/man1/authspec.1.gz", &log), 0);
  const std::string page = log;
  for (const char* option : {"\\-\\-depth", "\\-\\-quiet", "\\-\\-concurrency", "\\-\\-profile"})
    EXPECT_NE(page.find(option), std::string::npos) << option;
  EXPECT_EQ(page, run_authspec({"man", "authspec"}).out);
  ASSERT_EQ(shell("zcat " + root + "/usr/share/man/man5/authspec-profile.5.gz", &log), 0);
  EXPECT_NE(log.find("basic.password"), std::string::npos);

  // The completion loads in bash and completes the commands and run's options.
  const std::string completion = root + "/usr/share/bash-completion/completions/authspec";
  ASSERT_EQ(shell("bash -c 'source " + completion +
                      " && COMP_WORDS=(authspec ru) COMP_CWORD=1 && _authspec && echo "
                      "\"${COMPREPLY[*]}\" && COMP_WORDS=(authspec run --dep) COMP_CWORD=2 && "
                      "_authspec && echo \"${COMPREPLY[*]}\"'",
                  &log),
            0)
      << log;
  EXPECT_EQ(log, "run\n--depth\n");

  ASSERT_EQ(shell(dpkg + "-r authspec", &log), 0) << log;
  EXPECT_FALSE(fs::exists(root + "/usr/bin/authspec"));
}

}  // namespace
}  // namespace authspec::test
