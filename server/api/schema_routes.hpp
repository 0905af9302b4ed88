// GET /schema/{file} on the public listener: the JSON Schemas and translations exactly as the
// server validates with them, so the web forms are generated from the same source of truth.
#pragma once

#include "forms/schema_registry.hpp"
#include "http/router.hpp"

namespace huoli::api {

// Serves /schema/<form>.json, /schema/common.schema.json and /schema/translations.json with
// ETags. `schemas` must outlive the router.
void add_schema_routes(http::router& r, const forms::schema_registry& schemas);

}  // namespace huoli::api
