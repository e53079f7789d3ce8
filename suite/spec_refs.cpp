#include "suite/spec_refs.h"

#include <cctype>

#include "suite/http.h"

namespace authspec {
namespace {

// split() of suite/http.h, each piece trimmed.
std::vector<std::string> pieces(const std::string& s, const std::string& separator) {
  std::vector<std::string> out = split(s, separator);
  for (auto& piece : out) piece = trim(piece);
  return out;
}

// "§15.5.2" -> "15.5.2"; "§3.4.1-§3.4.3" -> "3.4.1-3.4.3"; a note in parentheses is dropped.
std::string section_of(std::string text) {
  if (const auto paren = text.find(" ("); paren != std::string::npos) text = text.substr(0, paren);
  std::string out;
  for (char c : text)
    if (c != '\xc2' && c != '\xa7') out += c;  // § is U+00A7, two bytes in UTF-8
  return trim(out);
}

// The document a reference names, and the rest (its sections).
std::pair<std::string, std::string> document_of(const std::string& part) {
  for (const char* prefix : {"RFC ", "ASVS ", "OpenAPI "}) {
    if (part.rfind(prefix, 0) != 0) continue;
    const auto end = part.find(' ', std::string(prefix).size());
    if (end == std::string::npos) return {part, ""};
    return {part.substr(0, end), part.substr(end + 1)};
  }
  if (part.rfind("Fetch", 0) == 0) return {"Fetch", trim(part.substr(5))};
  const auto note = part.find(" (");  // WSTG-IDNT-04 (recovery facility)
  return {note == std::string::npos ? part : part.substr(0, note), ""};
}

}  // namespace

std::string SpecRef::url() const {
  if (document.rfind("RFC ", 0) == 0) {
    const std::string number = document.substr(4);
    // A revision in progress (RFC 6265bis) is an HTTP working group draft.
    if (number.size() > 3 && number.substr(number.size() - 3) == "bis")
      return "https://datatracker.ietf.org/doc/draft-ietf-httpbis-rfc" + number + "/";
    if (number.find_first_not_of("0123456789") != std::string::npos) return "";
    std::string anchor = section.substr(0, section.find('-'));
    const bool numbered = !anchor.empty() && std::isdigit(static_cast<unsigned char>(anchor[0]));
    return "https://www.rfc-editor.org/rfc/rfc" + number + (numbered ? "#section-" + anchor : "");
  }
  if (document == "Fetch") return "https://fetch.spec.whatwg.org/";
  // "OpenAPI 3.1.0": the published version of the specification.
  if (document.rfind("OpenAPI ", 0) == 0)
    return "https://spec.openapis.org/oas/v" + document.substr(8);
  return "";
}

std::string SpecRef::text() const {
  if (section.empty()) return document;
  const bool numbered = std::isdigit(static_cast<unsigned char>(section[0]));
  return document + " " + (numbered ? "§" : "") + section;
}

std::vector<SpecRef> parse_spec_refs(const std::string& spec) {
  std::vector<SpecRef> refs;
  for (const auto& part : pieces(spec, "; ")) {
    if (part.empty()) continue;
    const auto [document, rest] = document_of(part);
    if (rest.empty() || document.rfind("WSTG", 0) == 0) {
      // WSTG-ATHZ-02, WSTG-ATHZ-03: several documents, no sections.
      for (const auto& d : pieces(part, ", ")) refs.push_back({document_of(d).first, ""});
      continue;
    }
    for (const auto& s : pieces(rest, ", ")) {
      const std::string section = section_of(s);
      refs.push_back({document, section});
    }
  }
  return refs;
}

namespace {

// "3.4.10" as {3, 4, 10}; empty when the section is not dotted numbers.
std::vector<int> numbers(const std::string& section) {
  std::vector<int> out;
  for (const auto& n : pieces(section, ".")) {
    if (n.empty() || n.size() > 6 || n.find_first_not_of("0123456789") != std::string::npos)
      return {};
    out.push_back(std::stoi(n));
  }
  return out;
}

// Is `inner` `outer` or one of its subsections?
bool within(const std::string& outer, const std::string& inner) {
  if (to_lower(outer) == to_lower(inner)) return true;
  return inner.size() > outer.size() &&
         to_lower(inner.substr(0, outer.size())) == to_lower(outer) && inner[outer.size()] == '.';
}

}  // namespace

bool covers(const SpecRef& query, const SpecRef& ref) {
  if (to_lower(query.document) != to_lower(ref.document)) return false;
  if (query.section.empty()) return true;
  const auto dash = ref.section.find('-');
  if (dash == std::string::npos) return within(query.section, ref.section);
  // A range (3.4.1-3.4.3) covers a query inside it, or one that contains its start.
  const auto lo = numbers(ref.section.substr(0, dash)), hi = numbers(ref.section.substr(dash + 1)),
             q = numbers(query.section);
  if (within(query.section, ref.section.substr(0, dash))) return true;
  return !lo.empty() && !hi.empty() && !q.empty() && lo <= q && q <= hi;
}

}  // namespace authspec
