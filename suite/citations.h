// The sentence each check enforces: a short verbatim quote, where it stands, and why the check's
// level differs from the quote's BCP 14 keyword when it does. The rule (docs/levels.md "How levels
// are decided"): a check's level is the keyword of the sentence it cites, as that sentence binds
// the server; a rule that binds a sender, a cache or a client, an OPTIONAL feature, a sentence
// without a keyword and hardening beyond the text give best practice.
#pragma once

#include <string>
#include <vector>

#include "suite/check.h"

namespace authspec {

struct Citation {
  const char* id;
  const char* source;      // "RFC 9110 §11.6.1": where the quote stands
  const char* quote;       // verbatim, short; "" only for hardening that no spec states
  const char* level_note;  // why the level is below the quote's keyword ("" when it is not)
};

const std::vector<Citation>& citations();

// The level a sentence's strongest BCP 14 keyword gives (upper case only, RFC 8174): MUST, MUST
// NOT, REQUIRED, SHALL, SHALL NOT -> MUST; SHOULD, SHOULD NOT, RECOMMENDED, NOT RECOMMENDED ->
// SHOULD; anything else (MAY, OPTIONAL, no keyword) -> best practice.
Level keyword_level(const std::string& sentence);

// Fills quote, quote_source and level_note of every check from the table; throws
// std::logic_error naming a check that has no entry (a build-time mistake, caught by the tests).
void attach_citations(std::vector<Check>& checks);

}  // namespace authspec
