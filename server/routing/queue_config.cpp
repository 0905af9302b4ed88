#include "routing/queue_config.hpp"

#include <algorithm>
#include <fstream>
#include <set>

#include "json/digest.hpp"

namespace huoli::routing {
namespace {

using json = nlohmann::json;

[[noreturn]] void fail(const std::string& pointer, const std::string& why) {
    throw queue_config_error("queue configuration: " + (pointer.empty() ? "/" : pointer) + ": " + why);
}

void only_keys(const json& obj, const std::string& pointer, std::initializer_list<const char*> allowed) {
    if (!obj.is_object()) fail(pointer, "must be an object");
    const std::set<std::string> known(allowed.begin(), allowed.end());
    for (const auto& [key, value] : obj.items()) {
        if (!known.count(key)) fail(pointer + "/" + key, "unknown key");
    }
}

bool valid_queue_id(const std::string& id) {
    return !id.empty() && id.size() <= 64 && id.front() != '-' &&
           std::all_of(id.begin(), id.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

// A non-empty array of distinct strings, each accepted by `check`; returned sorted.
template <class Check>
std::vector<std::string> string_set(const json& v, const std::string& pointer, Check check, const char* what) {
    if (!v.is_array() || v.empty()) fail(pointer, "must be a non-empty array");
    std::set<std::string> out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        const std::string where = pointer + "/" + std::to_string(i);
        if (!v[i].is_string() || !check(v[i].get<std::string>())) fail(where, std::string("must be ") + what);
        if (!out.insert(v[i].get<std::string>()).second) fail(where, "is listed twice");
    }
    return {out.begin(), out.end()};
}

// At most this many bytes in an operator's "elsewhere" text per language and in its URL: the text is
// shown in a form's message box, and both go into every refusal.
constexpr std::size_t max_elsewhere_text = 500;
constexpr std::size_t max_elsewhere_url = 2048;

// The organisations that get queues: "served" (default all) and, for Åland, "aland.enabled" too.
std::set<std::string> served_organisations(const json& root, const municipality_table& table, bool aland_enabled) {
    std::set<std::string> served;
    if (!root.contains("served")) {
        for (const organisation& o : table.organisations()) {
            if (!o.aland || aland_enabled) served.insert(o.id);
        }
        return served;
    }
    const json& list = root["served"];
    if (!list.is_array() || list.empty()) fail("/served", "must be a non-empty array of organisation ids");
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string where = "/served/" + std::to_string(i);
        const organisation* o = list[i].is_string() ? table.find_organisation(list[i].get<std::string>()) : nullptr;
        if (!o) fail(where, "is not an organisation id of the municipality table");
        if (o->aland && !aland_enabled) fail(where, "Åland is served only with /aland/enabled true");
        if (!served.insert(o->id).second) fail(where, "is listed twice");
    }
    const organisation* aland = nullptr;
    for (const organisation& o : table.organisations()) {
        if (o.aland) aland = &o;
    }
    if (aland_enabled && aland && !served.count(aland->id)) fail("/aland/enabled", "is true but /served does not list aland");
    return served;
}

notices_go_elsewhere parse_elsewhere_entry(const json& entry, const std::string& p) {
    only_keys(entry, p, {"text", "url"});
    notices_go_elsewhere out;
    if (entry.contains("text")) {
        const json& t = entry["text"];
        only_keys(t, p + "/text", {"fi", "sv", "en"});
        localized_name text;
        for (auto [lang, slot] : {std::pair{"fi", &text.fi}, std::pair{"sv", &text.sv}, std::pair{"en", &text.en}}) {
            const std::string where = p + "/text/" + lang;
            if (!t.contains(lang) || !t[lang].is_string() || t[lang].get<std::string>().empty() ||
                t[lang].get<std::string>().size() > max_elsewhere_text) {
                fail(where, "is required: a text of 1–" + std::to_string(max_elsewhere_text) + " bytes");
            }
            *slot = t[lang].get<std::string>();
        }
        out.text = std::move(text);
    }
    if (entry.contains("url")) {
        const json& u = entry["url"];
        const bool printable = u.is_string() && std::all_of(u.get_ref<const std::string&>().begin(),
                                                           u.get_ref<const std::string&>().end(),
                                                           [](char c) { return c > 0x20 && c < 0x7f; });
        if (!printable || !u.get<std::string>().starts_with("https://") || u.get<std::string>().size() <= 8 ||
            u.get<std::string>().size() > max_elsewhere_url) {
            fail(p + "/url", "must be an https:// URL of at most " + std::to_string(max_elsewhere_url) +
                                 " visible ASCII characters");
        }
        out.url = u.get<std::string>();
    }
    if (!out.text && out.url.empty()) fail(p, "needs \"text\" or \"url\" (or both)");
    return out;
}

json elsewhere_json(const notices_go_elsewhere& e) {
    json j = json::object();
    if (e.text) j["text"] = {{"fi", e.text->fi}, {"sv", e.text->sv}, {"en", e.text->en}};
    if (!e.url.empty()) j["url"] = e.url;
    return j;
}

}  // namespace

bool queue_config::rule::matches(std::string_view municipality, std::string_view form, subject_kind s) const {
    const auto in = [](const std::vector<std::string>& set, std::string_view v) {
        return set.empty() || std::find(set.begin(), set.end(), v) != set.end();
    };
    return in(municipalities, municipality) && in(forms, form) && (!subject || *subject == s);
}

queue_config queue_config::parse(const json& doc, const municipality_table& table) {
    return parse(doc, std::vector<const municipality_table*>{&table});
}

queue_config queue_config::parse(const json& doc, const std::vector<const municipality_table*>& tables) {
    if (tables.empty()) throw queue_config_error("queue configuration: no municipality table to check it against");
    // reference_data::load has checked that every table names the same organisations.
    const municipality_table& table = *tables.front();
    queue_config cfg;
    const json empty = json::object();
    const json& root = doc.is_null() ? empty : doc;
    only_keys(root, "", {"organisations", "aland", "served", "elsewhere"});

    if (root.contains("aland")) {
        only_keys(root["aland"], "/aland", {"enabled"});
        if (root["aland"].contains("enabled")) {
            if (!root["aland"]["enabled"].is_boolean()) fail("/aland/enabled", "must be true or false");
            cfg.aland_enabled_ = root["aland"]["enabled"].get<bool>();
        }
    }
    const std::set<std::string> served = served_organisations(root, table, cfg.aland_enabled_);
    const json& orgs = root.contains("organisations") ? root["organisations"] : empty;
    if (!orgs.is_object()) fail("/organisations", "must be an object");
    for (const auto& [key, value] : orgs.items()) {
        const organisation* o = table.find_organisation(key);
        if (!o) fail("/organisations/" + key, "is not an organisation id of the municipality table");
        if (o->aland && !cfg.aland_enabled_) fail("/organisations/" + key, "Åland has queues but /aland/enabled is not true");
        if (!served.count(key)) fail("/organisations/" + key, "has queues but is not in /served");
    }
    const json& elsewhere = root.contains("elsewhere") ? root["elsewhere"] : empty;
    if (!elsewhere.is_object()) fail("/elsewhere", "must be an object");
    for (const auto& [key, value] : elsewhere.items()) {
        const std::string p = "/elsewhere/" + key;
        const organisation* o = table.find_organisation(key);
        if (!o) fail(p, "is not an organisation id of the municipality table");
        // Åland's guidance is the fixed text aland_outside_counties of schema/translations.json.
        if (o->aland) fail(p, "Åland's guidance is built in; enable /aland or leave it out");
        if (served.count(key)) fail(p, "is served here, so its notices do not go elsewhere");
        cfg.elsewhere_.emplace(key, parse_elsewhere_entry(value, p));
    }

    for (const organisation& o : table.organisations()) {
        if (!served.count(o.id)) continue;
        const std::string base = "/organisations/" + o.id;
        std::vector<rule> rules;
        if (!orgs.contains(o.id)) {
            rules.push_back({o.id + "-children", {}, {}, subject_kind::child});
            rules.push_back({o.id + "-adults", {}, {}, subject_kind::adult});
        } else {
            const json& entry = orgs[o.id];
            only_keys(entry, base, {"queues"});
            if (!entry.contains("queues")) fail(base + "/queues", "is required");
            const json& queues = entry["queues"];
            if (!queues.is_array() || queues.empty()) fail(base + "/queues", "must be a non-empty array");
            for (std::size_t i = 0; i < queues.size(); ++i) {
                const std::string p = base + "/queues/" + std::to_string(i);
                const json& q = queues[i];
                only_keys(q, p, {"id", "municipalities", "forms", "subject"});
                rule r;
                if (!q.contains("id") || !q["id"].is_string() || !valid_queue_id(q["id"].get<std::string>())) {
                    fail(p + "/id", "is required: 1–64 characters of a–z, 0–9 and '-'");
                }
                r.id = q["id"].get<std::string>();
                if (q.contains("municipalities")) {
                    // Current in some table this configuration may meet (a code a merger creates next
                    // January, or one it abolishes, matches nothing in the other tables), and of this
                    // organisation in every table that has it.
                    r.municipalities = string_set(q["municipalities"], p + "/municipalities", [&](const std::string& c) {
                        bool somewhere = false;
                        for (const municipality_table* t : tables) {
                            const municipality* m = t->find(c);
                            if (!m || m->code != c) continue;
                            if (m->organisation_id != o.id) return false;
                            somewhere = true;
                        }
                        return somewhere;
                    }, "a current municipality code of this organisation");
                }
                if (q.contains("forms")) {
                    r.forms = string_set(q["forms"], p + "/forms", [](const std::string& f) {
                        return std::find(known_forms.begin(), known_forms.end(), f) != known_forms.end();
                    }, "one of child-welfare-notification, anticipatory-notification, contact-request");
                }
                if (q.contains("subject")) {
                    const json& s = q["subject"];
                    if (s == "child") r.subject = subject_kind::child;
                    else if (s == "adult") r.subject = subject_kind::adult;
                    else fail(p + "/subject", "must be \"child\" or \"adult\"");
                }
                rules.push_back(std::move(r));
            }
            for (const municipality_table* t : tables) {
                for (const municipality& m : t->all()) {
                    if (m.organisation_id != o.id) continue;
                    for (const notice_kind& k : possible_notice_kinds) {
                        const bool covered = std::any_of(rules.begin(), rules.end(),
                                                         [&](const rule& r) { return r.matches(m.code, k.form, k.subject); });
                        if (!covered) {
                            fail(base + "/queues", "no queue for a " + std::string(k.form) + " about " +
                                                       (k.subject == subject_kind::child ? "a child" : "an adult") +
                                                       " in municipality " + m.code +
                                                       (t->info().name.empty() ? "" : " (table " + t->info().name + ")"));
                        }
                    }
                }
            }
        }

        json canonical_rules = json::array();
        for (const rule& r : rules) {
            const auto [it, inserted] = cfg.owner_.emplace(r.id, o.id);
            if (!inserted && it->second != o.id) fail(base + "/queues", "queue id " + r.id + " also belongs to " + it->second);
            json jr = {{"id", r.id}};
            if (!r.municipalities.empty()) jr["municipalities"] = r.municipalities;
            if (!r.forms.empty()) jr["forms"] = r.forms;
            if (r.subject) jr["subject"] = std::string(to_string(*r.subject));
            canonical_rules.push_back(std::move(jr));
        }
        cfg.canonical_["organisations"][o.id] = {{"queues", std::move(canonical_rules)}};
        cfg.rules_.emplace(o.id, std::move(rules));
    }
    cfg.canonical_["aland"] = {{"enabled", cfg.aland_enabled_}};
    cfg.canonical_["served"] = served;  // std::set: sorted
    for (const auto& [id, e] : cfg.elsewhere_) cfg.canonical_["elsewhere"][id] = elsewhere_json(e);
    cfg.config_hash_ = huoli::json::sha256_hex(cfg.canonical_.dump());
    return cfg;
}

queue_config queue_config::load(const std::filesystem::path& file, const municipality_table& table) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw queue_config_error("queue configuration: cannot open " + file.string());
    const json doc = json::parse(in, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/false);
    if (doc.is_discarded()) throw queue_config_error("queue configuration: " + file.string() + " is not valid JSON");
    return parse(doc, table);
}

const std::string* queue_config::queue_for(std::string_view organisation_id, std::string_view municipality_code,
                                           std::string_view form, subject_kind subject) const {
    const auto it = rules_.find(organisation_id);
    if (it == rules_.end()) return nullptr;
    for (const rule& r : it->second) {
        if (r.matches(municipality_code, form, subject)) return &r.id;
    }
    return nullptr;
}

bool queue_config::queue_takes(std::string_view queue_id, std::string_view form, subject_kind subject) const {
    const auto owner = organisation_of_queue(queue_id);
    if (!owner) return false;
    const auto it = rules_.find(*owner);
    if (it == rules_.end()) return false;
    for (const rule& r : it->second) {
        if (r.id == queue_id && (r.forms.empty() || std::find(r.forms.begin(), r.forms.end(), form) != r.forms.end()) &&
            (!r.subject || *r.subject == subject)) {
            return true;
        }
    }
    return false;
}

const notices_go_elsewhere* queue_config::elsewhere(std::string_view organisation_id) const {
    const auto it = elsewhere_.find(organisation_id);
    return it == elsewhere_.end() ? nullptr : &it->second;
}

std::vector<std::string> queue_config::all_queue_ids() const {
    std::vector<std::string> ids;
    for (const auto& [id, org] : owner_) ids.push_back(id);
    return ids;
}

std::optional<std::string> queue_config::organisation_of_queue(std::string_view queue_id) const {
    const auto it = owner_.find(queue_id);
    if (it == owner_.end()) return std::nullopt;
    return it->second;
}

}  // namespace huoli::routing
