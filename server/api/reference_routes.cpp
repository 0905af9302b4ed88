#include "api/reference_routes.hpp"

#include <memory>

#include <nlohmann/json.hpp>

#include "http/etag.hpp"
#include "http/problem.hpp"
#include "routing/helsinki_time.hpp"
#include "routing/working_days.hpp"

namespace huoli::api {
namespace {

nlohmann::json names(const routing::localized_name& n) { return {{"fi", n.fi}, {"sv", n.sv}, {"en", n.en}}; }

// The body of GET /api/v1/municipalities for one table: its municipalities, the organisations
// (served or not, and where the others' notices go) and which table it is.
std::string municipalities_body(const routing::municipality_table& table, const routing::queue_config& queues) {
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
    const routing::table_info& info = table.info();
    nlohmann::json in_force = {{"name", info.name}, {"year", info.year}, {"valid_from", routing::iso_date(info.valid_from)},
                               {"valid_until", info.valid_until ? nlohmann::json(routing::iso_date(*info.valid_until)) : nlohmann::json()}};
    return nlohmann::json{{"municipalities", municipalities}, {"organisations", organisations},
                          {"table", std::move(in_force)}, {"source", info.source}, {"sha256", table.content_hash()}}
        .dump();
}

}  // namespace

void add_municipality_route(http::router& r, const routing::reference_data& data, const routing::queue_config& queues,
                            std::function<std::chrono::system_clock::time_point()> now) {
    // One body and ETag per table, built once (the data and the queue configuration change only with
    // a restart); each request answers with the table in force on today's Helsinki date, so the picker
    // changes at midnight on the day a new table takes effect, and so does the ETag a browser revalidates.
    struct prepared {
        const routing::municipality_table* table;
        std::string body;
        std::string etag;
    };
    auto bodies = std::make_shared<std::vector<prepared>>();
    for (const auto& t : data.tables()) {
        std::string body = municipalities_body(t, queues);
        std::string etag = http::make_etag(body);
        bodies->push_back({&t, std::move(body), std::move(etag)});
    }
    r.add({"GET", "/api/v1/municipalities", http::listener_kind::public_,
           [bodies, &data, now = std::move(now)](const http::request& req, const http::route_params&, http::responder respond) {
               const routing::municipality_table* in_force = data.in_force_on(routing::helsinki_local_date(now()));
               for (const prepared& p : *bodies) {
                   if (p.table == in_force) return respond(http::cacheable(req, p.body, "application/json", p.etag));
               }
               respond(http::service_unavailable(60));  // before the first table: start-up refuses such a day
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
