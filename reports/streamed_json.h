// A JSON document written with its big arrays (a report's exchanges and results, a HAR's entries)
// streamed element by element: only one element exists as a JSON tree at a time, so writing the
// report of a 1,000-resource run does not hold a second, several times larger copy of the run in
// memory (issue 17: 350 MB for the JSON report alone, before).
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

namespace authspec {

// Produces the elements of one array, handing each to `emit` in order.
using ElementSource = std::function<void(const std::function<void(const nlohmann::json&)>& emit)>;

// A value to put where an array is to be streamed: `streamed_array(k)` for the k-th source.
nlohmann::json streamed_array(std::size_t k);

// Writes `doc` indented by 2 (as dump(2) would, invalid UTF-8 replaced), each streamed_array(k)
// in it written as the array of what sources[k] emits, one compact element per line.
void write_streamed_json(std::ostream& out, const nlohmann::json& doc,
                         const std::vector<ElementSource>& sources);

}  // namespace authspec
