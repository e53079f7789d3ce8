// The markers of a profile's protected content (the profile's canary and each resource's own,
// learned ones included), searched for in a response body. A whole API has a marker per resource:
// searching a body for each in turn made every check of a 1,000-resource run cost 1,000 searches,
// so a run grew with the square of its inventory. Many markers are found through an index by
// their first bytes instead, one pass over the body whatever their number.
#pragma once

#include <bitset>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace authspec {

class ContentMarkers {
 public:
  // Empty and repeated markers are dropped.
  explicit ContentMarkers(std::vector<std::string> markers);

  // Does `body` hold any of the markers?
  bool found_in(std::string_view body) const;

  // Markers are indexed by this many first bytes; shorter ones are searched one by one.
  static constexpr std::size_t kKeyBytes = 8;
  // Up to this many markers are searched one by one (a search per marker is quicker than a pass
  // through the index for a few).
  static constexpr std::size_t kSearchedOneByOne = 8;

 private:
  std::vector<std::string> one_by_one_;
  std::unordered_map<std::uint64_t, std::vector<std::string>> by_key_;
  // The first two bytes of every indexed marker: most body positions are passed over on one bit.
  std::bitset<65536> starts_;
};

// A profile's ContentMarkers, built on first use. Copying a profile does not copy it (the copy may
// change its canaries): each copy builds its own.
class ContentMarkersCache {
 public:
  ContentMarkersCache() = default;
  ContentMarkersCache(const ContentMarkersCache&) {}
  ContentMarkersCache& operator=(const ContentMarkersCache&) {
    forget();
    return *this;
  }
  // The markers, built from `markers()` when there are none yet (thread-safe).
  template <class MakeMarkers>
  std::shared_ptr<const ContentMarkers> get(MakeMarkers markers) const {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!built_) built_ = std::make_shared<const ContentMarkers>(markers());
    return built_;
  }
  // The canaries changed: the next use builds the markers again.
  void forget() {
    std::lock_guard<std::mutex> lock(mutex_);
    built_.reset();
  }

 private:
  mutable std::mutex mutex_;
  mutable std::shared_ptr<const ContentMarkers> built_;
};

}  // namespace authspec
