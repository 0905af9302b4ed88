// The one place where an error value from below the API (queue/, store/, audit/, forms/)
// becomes an HTTP answer. The problems themselves (codes, statuses, texts) are in
// http/problems.hpp; this maps the layers' error codes onto them.
#pragma once

#include <vector>

#include "core/result.hpp"
#include "forms/field_error.hpp"
#include "http/problem.hpp"

namespace huoli::api {

// A queue, store or audit error: not_found → 404 (another organisation's item is not found
// either), storage_unavailable → 503 with Retry-After, a code http::find_problem knows → that
// problem, anything else → 500 internal_error (the code is an operator's matter, not the
// caller's).
http::response problem_for(const error& e);

// The validator's field errors as a problem's errors array.
std::vector<http::error_entry> entries_of(const std::vector<forms::field_error>& errors);

}  // namespace huoli::api
