// Which operation of an API description a resource is: "GET /pets/17" is the described
// GET /pets/{id}. Matching tries every operation, so each label is matched once and looked up
// afterwards (Profile::operation_of): scoring and the report writers ask for every result, and a
// whole API has a thousand operations.
#pragma once

#include <string>
#include <vector>

#include "suite/profile.h"

namespace authspec {

// The described operation of a label: an exact path first ("/pets/mine" is its own operation even
// where "/pets/{id}" matches too), else the first template that matches; a HEAD is its GET's.
// Null when none.
const DescribedOperation* match_operation(const DescriptionSettings& d, const std::string& label);

// Matches each label once, replacing the index Profile::operation_of reads.
void index_operations(DescriptionSettings& d, const std::vector<std::string>& labels);

}  // namespace authspec
