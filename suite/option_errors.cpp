#include "suite/option_errors.h"

namespace authspec {

namespace po = boost::program_options;

std::string option_error_text(const po::error& e) {
  const auto* named = dynamic_cast<const po::error_with_option_name*>(&e);
  if (!named) return e.what();  // our own messages, and Boost's that carry no user text
  const std::string option = named->get_option_name();
  if (dynamic_cast<const po::unknown_option*>(&e)) return "unknown option " + option;
  if (dynamic_cast<const po::multiple_occurrences*>(&e))
    return "option " + option + " is given more than once";
  if (dynamic_cast<const po::required_option*>(&e)) return "option " + option + " is required";
  if (dynamic_cast<const po::ambiguous_option*>(&e)) return "option " + option + " is ambiguous";
  if (const auto* v = dynamic_cast<const po::validation_error*>(&e)) {
    switch (v->kind()) {
      case po::validation_error::invalid_bool_value:
        return "option " + option + ": not a boolean (true or false)";
      case po::validation_error::multiple_values_not_allowed:
        return "option " + option + ": only one value is allowed";
      case po::validation_error::at_least_one_value_required:
        return "option " + option + ": a value is required";
      default:
        return "option " + option + ": invalid value";
    }
  }
  if (dynamic_cast<const po::invalid_syntax*>(&e))
    return option.empty() ? "malformed option" : "option " + option + ": malformed";
  return option.empty() ? "malformed option" : "option " + option + ": not accepted";
}

}  // namespace authspec
