// Public reference data for the web forms: the municipality table with the organisation that
// receives each municipality's notices (the same table routing uses, so the picker and the router
// cannot disagree), and the language choice at "/".
#pragma once

#include "http/router.hpp"
#include <chrono>
#include <functional>

#include "routing/reference_data.hpp"
#include "routing/queue_config.hpp"

namespace huoli::api {

// GET /api/v1/municipalities: the table in force on today's Helsinki date (by `now`), and per
// organisation whether `queues` serves it and where its notices go if not. `data` and `queues`
// must outlive the router.
void add_municipality_route(http::router& r, const routing::reference_data& data, const routing::queue_config& queues,
                            std::function<std::chrono::system_clock::time_point()> now = [] {
                                return std::chrono::system_clock::now();
                            });

// GET / → 302 to /fi/, /sv/ or /en/ by Accept-Language (Finnish when nothing matches).
void add_language_redirect(http::router& r);

// The best of fi/sv/en for an Accept-Language header value, honouring q-values.
std::string pick_language(std::string_view accept_language);

}  // namespace huoli::api
