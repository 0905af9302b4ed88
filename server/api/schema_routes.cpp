#include "api/schema_routes.hpp"

#include "http/etag.hpp"
#include "http/problem.hpp"

namespace huoli::api {

void add_schema_routes(http::router& r, const forms::schema_registry& schemas) {
    r.add({"GET", "/schema/{file}", http::listener_kind::public_,
           [&schemas](const http::request& req, const http::route_params& p, http::responder respond) {
               const std::string& name = p.at("file");
               const forms::schema_file* file = nullptr;
               if (name == "common.schema.json") {
                   file = &schemas.common();
               } else if (name == "translations.json") {
                   file = &schemas.translations_file();
               } else if (name.size() > 5 && name.ends_with(".json")) {
                   if (auto* f = schemas.find(name.substr(0, name.size() - 5))) file = &f->file;
               }
               if (!file) return respond(http::not_found());
               const char* type = name == "translations.json" ? "application/json" : "application/schema+json";
               respond(http::cacheable(req, file->bytes, type, file->etag));
           }});
}

}  // namespace huoli::api
