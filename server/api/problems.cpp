#include "api/problems.hpp"

#include "queue/operation.hpp"
#include "store/new_notice.hpp"

namespace huoli::api {

http::response problem_for(const error& e) {
    if (e.code == queue::not_found) return http::not_found();
    if (e.code == store::storage_unavailable) return http::service_unavailable(5);
    const auto code = http::find_problem(e.code);
    if (!code) return http::problem(http::problem_code::internal_error);
    if (*code == http::problem_code::same_queue) {
        // The one queue refusal about a member of the request: point at it.
        const http::error_entry entry{http::error_entry::located_by::pointer, "/to_queue", e.code,
                                      http::problem_message(*code)};
        return http::problem(*code, {}, {{"errors", http::errors_json({entry})}});
    }
    return http::problem(*code);
}

std::vector<http::error_entry> entries_of(const std::vector<forms::field_error>& errors) {
    std::vector<http::error_entry> out;
    out.reserve(errors.size());
    for (const auto& e : errors) {
        out.push_back({http::error_entry::located_by::pointer, e.pointer, e.code,
                       {e.message.fi, e.message.sv, e.message.en}});
    }
    return out;
}

}  // namespace huoli::api
