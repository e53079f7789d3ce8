// Boost.Program_options errors in our own words. Boost 1.74 formats the message of an
// error_with_option_name by substituting %placeholders% of a template with the offending text;
// text from the user that itself holds "%...%" (a profile line "%x%", "--concurrency %v%") makes
// that loop forever. So no user text ever reaches e.what(): these build the line from the parts.
#pragma once

#include <boost/program_options/errors.hpp>
#include <string>

namespace authspec {

// "unknown option --x", "option --timeout: invalid value", ... (for the command line).
std::string option_error_text(const boost::program_options::error& e);

}  // namespace authspec
