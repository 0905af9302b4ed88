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

}  // namespace

bool queue_config::rule::matches(std::string_view municipality, std::string_view form, subject_kind s) const {
    const auto in = [](const std::vector<std::string>& set, std::string_view v) {
        return set.empty() || std::find(set.begin(), set.end(), v) != set.end();
    };
    return in(municipalities, municipality) && in(forms, form) && (!subject || *subject == s);
}

queue_config queue_config::parse(const json& doc, const municipality_table& table) {
    queue_config cfg;
    const json empty = json::object();
    const json& root = doc.is_null() ? empty : doc;
    only_keys(root, "", {"organisations", "aland"});

    if (root.contains("aland")) {
        only_keys(root["aland"], "/aland", {"enabled"});
        if (root["aland"].contains("enabled")) {
            if (!root["aland"]["enabled"].is_boolean()) fail("/aland/enabled", "must be true or false");
            cfg.aland_enabled_ = root["aland"]["enabled"].get<bool>();
        }
    }
    const json& orgs = root.contains("organisations") ? root["organisations"] : empty;
    if (!orgs.is_object()) fail("/organisations", "must be an object");
    for (const auto& [key, value] : orgs.items()) {
        const organisation* o = table.find_organisation(key);
        if (!o) fail("/organisations/" + key, "is not an organisation id of the municipality table");
        if (o->aland && !cfg.aland_enabled_) fail("/organisations/" + key, "Åland has queues but /aland/enabled is not true");
    }

    for (const organisation& o : table.organisations()) {
        if (o.aland && !cfg.aland_enabled_) continue;
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
                    r.municipalities = string_set(q["municipalities"], p + "/municipalities", [&](const std::string& c) {
                        const municipality* m = table.find(c);
                        return m && m->code == c && m->organisation_id == o.id;
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
            for (const municipality& m : table.all()) {
                if (m.organisation_id != o.id) continue;
                for (const notice_kind& k : possible_notice_kinds) {
                    const bool covered = std::any_of(rules.begin(), rules.end(),
                                                     [&](const rule& r) { return r.matches(m.code, k.form, k.subject); });
                    if (!covered) {
                        fail(base + "/queues", "no queue for a " + std::string(k.form) + " about " +
                                                   (k.subject == subject_kind::child ? "a child" : "an adult") +
                                                   " in municipality " + m.code);
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
