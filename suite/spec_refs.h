// A check's spec references, structured: "RFC 9110 §15.5.2, §11.4; RFC 6750 §3.1" is three
// references, each a document and a section, so `authspec list --spec "RFC 9110 §11.4"` can
// answer which checks enforce a section and reports can link each one.
#pragma once

#include <string>
#include <vector>

namespace authspec {

struct SpecRef {
  std::string document;  // "RFC 9110", "RFC 6265bis", "Fetch", "ASVS 4.0.3", "WSTG-ATHZ-02"
  std::string section;   // "15.5.2", "3.4.1-3.4.3", "V3.4.1", a named Fetch section; "" for all
  // Where to read it ("" when there is no stable address): RFCs at rfc-editor.org, an httpbis
  // revision draft (RFC 6265bis) at datatracker.ietf.org, Fetch at fetch.spec.whatwg.org.
  std::string url() const;
  std::string text() const;  // "RFC 9110 §15.5.2"
};

// Parses a check's `spec` text (references separated by "; ", further sections of the same
// document by ", "; a trailing note in parentheses is not part of the reference).
std::vector<SpecRef> parse_spec_refs(const std::string& spec);

// Whether `ref` is `query` or inside it: the same document (case aside), and the same section
// or a subsection of it ("11.4" covers "11.4" and "11.4.2", not "11.40"); a query without a
// section covers the whole document.
bool covers(const SpecRef& query, const SpecRef& ref);

}  // namespace authspec
