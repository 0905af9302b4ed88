// GET /healthz (the process is alive) and GET /readyz (it can take work) on both listeners, and
// GET /api/v1/whoami on the internal listener so an integrator can check how its certificate maps.
#pragma once

#include <functional>

#include "http/router.hpp"

namespace huoli::api {

void add_health_routes(http::router& r, std::function<bool()> ready);
void add_whoami_route(http::router& r);

}  // namespace huoli::api
