#include "reports/streamed_json.h"

namespace authspec {
namespace {

// A string no report holds elsewhere: a control character starts and ends it (dumped escaped).
std::string marker(std::size_t k) {
  return "\x01authspec-streamed-array-" + std::to_string(k) + "\x01";
}

}  // namespace

nlohmann::json streamed_array(std::size_t k) {
  return marker(k);
}

void write_streamed_json(std::ostream& out, const nlohmann::json& doc,
                         const std::vector<ElementSource>& sources) {
  using nlohmann::json;
  const std::string text = doc.dump(2, ' ', false, json::error_handler_t::replace);
  std::size_t at = 0;
  while (true) {
    // The next marker in the text, whichever source it is.
    std::size_t next = std::string::npos, which = 0;
    for (std::size_t k = 0; k < sources.size(); ++k) {
      const std::string quoted = json(marker(k)).dump();
      const std::size_t found = text.find(quoted, at);
      if (found < next) {
        next = found;
        which = k;
      }
    }
    if (next == std::string::npos) break;
    out.write(text.data() + at, static_cast<std::streamsize>(next - at));
    // The marker's indentation, for the elements and the closing bracket.
    const std::size_t line = text.rfind('\n', next);
    std::size_t indent = 0;
    while (line != std::string::npos && text[line + 1 + indent] == ' ') ++indent;
    const std::string pad(indent + 2, ' ');
    bool first = true;
    out << "[";
    sources[which]([&](const json& element) {
      out << (first ? "\n" : ",\n") << pad
          << element.dump(-1, ' ', false, json::error_handler_t::replace);
      first = false;
    });
    if (!first) out << "\n" << std::string(indent, ' ');
    out << "]";
    at = next + json(marker(which)).dump().size();
  }
  out.write(text.data() + at, static_cast<std::streamsize>(text.size() - at));
  out << "\n";
}

}  // namespace authspec
