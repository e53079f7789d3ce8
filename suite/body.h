// A response body, and the run's spool file of large ones: a run over a whole API holds each
// large body on disk, not in memory, from the moment it is recorded until the last report is
// written (issue 17), and reads it back whenever a judge or a report writer asks for it.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace authspec {

// One run's file of response bodies: made in $TMPDIR (or /tmp) and unlinked at once, so nothing
// is left behind however the run ends; appended by the runner, read by any thread.
class Spool {
 public:
  Spool();  // throws std::runtime_error when no temporary file can be made
  ~Spool();
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;
  // Appends `text`: its offset, or nullopt when it could not be written (a full disk): the
  // caller keeps the text in memory instead.
  std::optional<std::uint64_t> write(const std::string& text);
  // The `size` bytes at `offset`; throws std::runtime_error on a short read (which a judge's
  // caller reports as an undecided result, never as an empty body).
  std::string read(std::uint64_t offset, std::size_t size) const;
  std::uint64_t bytes() const;  // written so far

 private:
  int fd_ = -1;
  std::uint64_t end_ = 0;
  mutable std::mutex mutex_;
};

// The bytes of a body, in memory or in a spool. Copies share them (an exchange copied into a
// result or a report costs no copy of its body).
class Body {
 public:
  Body() = default;
  Body(std::string text);  // NOLINT(google-explicit-constructor): a body is its bytes
  Body(const char* text);  // NOLINT(google-explicit-constructor)
  // The bytes (read back from the spool when they are there), valid while the pointer is held.
  std::shared_ptr<const std::string> text() const;
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  bool spooled() const { return spool_ != nullptr; }
  // Moves the bytes into `spool` when there are more than `threshold` of them (and the spool
  // takes them; otherwise they stay here).
  void spool_to(const std::shared_ptr<Spool>& spool, std::size_t threshold);

  friend bool operator==(const Body& a, const Body& b);  // the same bytes

 private:
  std::shared_ptr<const std::string> text_;  // null when spooled (or empty)
  std::shared_ptr<Spool> spool_;
  std::uint64_t offset_ = 0;
  std::size_t size_ = 0;
};

std::ostream& operator<<(std::ostream& out, const Body& body);  // the bytes (test failures)

}  // namespace authspec
