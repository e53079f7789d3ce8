// Exchanges as JSON with everything a judge reads (nothing masked, nothing cut): the recorded
// judge cases of tests/judge_cases/ are replayed from it.
#pragma once

#include <nlohmann/json.hpp>

#include "suite/http.h"

namespace authspec::test {

nlohmann::json exchange_to_json(const Exchange& ex);
Exchange exchange_from_json(const nlohmann::json& j);

}  // namespace authspec::test
