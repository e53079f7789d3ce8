#include "suite/body.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ostream>
#include <stdexcept>
#include <vector>

namespace authspec {

Spool::Spool() {
  const char* dir = std::getenv("TMPDIR");
  std::string path = std::string(dir && *dir ? dir : "/tmp") + "/authspec-spool-XXXXXX";
  std::vector<char> name(path.begin(), path.end());
  name.push_back('\0');
  fd_ = mkstemp(name.data());
  if (fd_ < 0)
    throw std::runtime_error("cannot make a spool file in " + path.substr(0, path.rfind('/')) +
                             ": " + std::strerror(errno));
  // Unlinked at once: the file lives as long as the descriptor, and no crash leaves it behind.
  unlink(name.data());
}

Spool::~Spool() {
  if (fd_ >= 0) close(fd_);
}

std::optional<std::uint64_t> Spool::write(const std::string& text) {
  std::lock_guard<std::mutex> lock(mutex_);
  const std::uint64_t at = end_;
  for (std::size_t done = 0; done < text.size();) {
    const ssize_t n =
        pwrite(fd_, text.data() + done, text.size() - done, static_cast<off_t>(at + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::nullopt;  // the bytes written so far are overwritten by the next one
    done += static_cast<std::size_t>(n);
  }
  end_ += text.size();
  return at;
}

std::string Spool::read(std::uint64_t offset, std::size_t size) const {
  std::string out(size, '\0');
  for (std::size_t done = 0; done < size;) {
    const ssize_t n = pread(fd_, out.data() + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      throw std::runtime_error("a response body could not be read back from the run's spool file");
    done += static_cast<std::size_t>(n);
  }
  return out;
}

std::uint64_t Spool::bytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return end_;
}

Body::Body(std::string text)
    : text_(text.empty() ? nullptr : std::make_shared<const std::string>(std::move(text))),
      size_(text_ ? text_->size() : 0) {}

Body::Body(const char* text) : Body(std::string(text)) {}

std::shared_ptr<const std::string> Body::text() const {
  if (spool_) return std::make_shared<const std::string>(spool_->read(offset_, size_));
  if (text_) return text_;
  static const auto empty = std::make_shared<const std::string>();
  return empty;
}

void Body::spool_to(const std::shared_ptr<Spool>& spool, std::size_t threshold) {
  if (!spool || spool_ || size_ <= threshold) return;
  if (const auto at = spool->write(*text_)) {
    spool_ = spool;
    offset_ = *at;
    text_.reset();
  }
}

bool operator==(const Body& a, const Body& b) {
  return a.size() == b.size() && (a.size() == 0 || *a.text() == *b.text());
}

std::ostream& operator<<(std::ostream& out, const Body& body) {
  return out << *body.text();
}

}  // namespace authspec
