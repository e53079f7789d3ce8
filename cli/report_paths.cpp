#include "cli/report_paths.h"

#include <unistd.h>

#include <filesystem>

namespace authspec {
namespace fs = std::filesystem;

namespace {
std::string folder_problem(const fs::path& folder) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) return "its folder " + folder.string() + " does not exist";
  if (access(folder.c_str(), W_OK) != 0)
    return "its folder " + folder.string() + " is not writable";
  return "";
}
}  // namespace

std::string report_file_problem(const std::string& path, const std::string& profile_path) {
  std::error_code ec;
  const fs::path p(path);
  if (fs::is_directory(p, ec)) return "it is a folder";
  if (fs::exists(p, ec)) {
    if (!profile_path.empty() && fs::equivalent(p, profile_path, ec))
      return "it is the profile itself";
    if (access(p.c_str(), W_OK) != 0) return "it is not writable";
    return "";
  }
  return folder_problem(p.parent_path().empty() ? fs::path(".") : p.parent_path());
}

std::string report_dir_problem(const std::string& dir) {
  std::error_code ec;
  const fs::path p(dir);
  if (fs::exists(p, ec)) {
    if (!fs::is_directory(p, ec)) return "it exists and is not a folder";
    return access(p.c_str(), W_OK) == 0 ? "" : "it is not writable";
  }
  return folder_problem(p.parent_path().empty() ? fs::path(".") : p.parent_path());
}

}  // namespace authspec
