#include "api/reference_routes.hpp"

#include <memory>

#include <nlohmann/json.hpp>

#include "http/etag.hpp"

namespace huoli::api {
namespace {

nlohmann::json names(const routing::localized_name& n) { return {{"fi", n.fi}, {"sv", n.sv}, {"en", n.en}}; }

}  // namespace

void add_municipality_route(http::router& r, const routing::municipality_table& table,
                            const routing::queue_config& queues) {
    nlohmann::json municipalities = nlohmann::json::array();
    for (const auto& m : table.all()) {
        municipalities.push_back(
            {{"code", m.code}, {"name", names(m.name)}, {"organisation", m.organisation_id}, {"aland", m.aland}});
    }
    nlohmann::json organisations = nlohmann::json::array();
    for (const auto& o : table.organisations()) {
        // "served": whether this instance routes to it, so the picker can say at once that it does not
        // (queue_config "served"); "notices_go": where the operator says its notices go instead.
        nlohmann::json org = {{"id", o.id}, {"name", names(o.name)}, {"aland", o.aland}, {"served", queues.serves(o.id)}};
        if (const auto* elsewhere = queues.elsewhere(o.id)) {
            org["notices_go"] = nlohmann::json::object();
            if (elsewhere->text) org["notices_go"]["text"] = names(*elsewhere->text);
            if (!elsewhere->url.empty()) org["notices_go"]["url"] = elsewhere->url;
        }
        organisations.push_back(std::move(org));
    }
    // Built once: the table and the queue configuration change only with a restart.
    auto body = std::make_shared<const std::string>(
        nlohmann::json{{"municipalities", municipalities}, {"organisations", organisations},
                       {"source", "Statistics Finland, kunta_1_20260101 and hyvinvointialue_1_20260101 (CC BY 4.0)"},
                       {"sha256", table.content_hash()}}
            .dump());
    auto etag = std::make_shared<const std::string>(http::make_etag(*body));
    r.add({"GET", "/api/v1/municipalities", http::listener_kind::public_,
           [body, etag](const http::request& req, const http::route_params&, http::responder respond) {
               respond(http::cacheable(req, *body, "application/json", *etag));
           }});
}

std::string pick_language(std::string_view header) {
    std::string best = "fi";
    double best_q = 0;
    std::size_t pos = 0;
    while (pos < header.size()) {
        auto end = header.find(',', pos);
        if (end == std::string_view::npos) end = header.size();
        std::string_view item = header.substr(pos, end - pos);
        pos = end + 1;
        double q = 1.0;
        if (auto semi = item.find(';'); semi != std::string_view::npos) {
            auto params = item.substr(semi + 1);
            if (auto qpos = params.find("q="); qpos != std::string_view::npos) {
                q = std::atof(std::string(params.substr(qpos + 2)).c_str());
            }
            item = item.substr(0, semi);
        }
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        std::string lang(item.substr(0, 2));
        for (auto& c : lang) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if ((lang == "fi" || lang == "sv" || lang == "en") && (item.size() == 2 || item[2] == '-') && q > best_q) {
            best = lang;
            best_q = q;
        }
    }
    return best;
}

void add_language_redirect(http::router& r) {
    r.add({"GET", "/", http::listener_kind::public_,
           [](const http::request& req, const http::route_params&, http::responder respond) {
               http::response res;
               res.status = 302;
               res.headers.set("Location", "/" + pick_language(req.headers.get("Accept-Language").value_or("")) + "/");
               res.headers.set("Vary", "Accept-Language");
               respond(std::move(res));
           }});
}

}  // namespace huoli::api
