#include "suite/content_markers.h"

#include <algorithm>
#include <cstring>

namespace authspec {
namespace {

std::uint64_t key_at(const char* p) {
  std::uint64_t key;
  std::memcpy(&key, p, sizeof key);
  return key;
}

std::size_t start_at(const char* p) {
  return static_cast<unsigned char>(p[0]) << 8 | static_cast<unsigned char>(p[1]);
}

}  // namespace

static_assert(ContentMarkers::kKeyBytes == sizeof(std::uint64_t));

ContentMarkers::ContentMarkers(std::vector<std::string> markers) {
  markers.erase(std::remove(markers.begin(), markers.end(), std::string()), markers.end());
  std::sort(markers.begin(), markers.end());
  markers.erase(std::unique(markers.begin(), markers.end()), markers.end());
  for (auto& m : markers) {
    if (markers.size() <= kSearchedOneByOne || m.size() < kKeyBytes) {
      one_by_one_.push_back(std::move(m));
      continue;
    }
    starts_.set(start_at(m.data()));
    by_key_[key_at(m.data())].push_back(std::move(m));
  }
}

bool ContentMarkers::found_in(std::string_view body) const {
  for (const auto& m : one_by_one_)
    if (body.find(m) != std::string_view::npos) return true;
  if (by_key_.empty() || body.size() < kKeyBytes) return false;
  for (std::size_t i = 0; i + kKeyBytes <= body.size(); ++i) {
    const char* p = body.data() + i;
    if (!starts_.test(start_at(p))) continue;
    const auto it = by_key_.find(key_at(p));
    if (it == by_key_.end()) continue;
    for (const auto& m : it->second)
      if (body.substr(i, m.size()) == m) return true;
  }
  return false;
}

}  // namespace authspec
