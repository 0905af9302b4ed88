#include "config/config.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/ip_prefix.hpp"

namespace huoli::config {
namespace {

using json = nlohmann::json;

[[noreturn]] void fail(const std::string& pointer, const std::string& why) {
    throw config_error("configuration: " + pointer + ": " + why);
}

// Rejects keys the program does not know: a typo such as "max_body_byte" must not silently
// leave the default in force.
void only_keys(const json& obj, const std::string& pointer, std::initializer_list<const char*> allowed) {
    if (!obj.is_object()) fail(pointer.empty() ? "/" : pointer, "must be an object");
    std::set<std::string> known(allowed.begin(), allowed.end());
    for (const auto& [key, value] : obj.items()) {
        if (!known.count(key)) fail(pointer + "/" + key, "unknown key");
    }
}

std::uint32_t read_uint(const json& obj, const std::string& pointer, const char* key, std::uint32_t fallback,
                        std::uint32_t min, std::uint32_t max) {
    if (!obj.contains(key)) return fallback;
    const json& v = obj.at(key);
    const std::string where = pointer + "/" + key;
    if (!v.is_number_integer() || v.get<std::int64_t>() < min || v.get<std::int64_t>() > max) {
        fail(where, "must be an integer between " + std::to_string(min) + " and " + std::to_string(max));
    }
    return v.get<std::uint32_t>();
}

std::string read_string(const json& obj, const std::string& pointer, const char* key,
                        const std::optional<std::string>& fallback) {
    if (!obj.contains(key)) {
        if (fallback) return *fallback;
        fail(pointer + "/" + key, "is required");
    }
    const json& v = obj.at(key);
    if (!v.is_string() || v.get<std::string>().empty()) fail(pointer + "/" + key, "must be a non-empty string");
    return v.get<std::string>();
}

std::filesystem::path resolve(const std::filesystem::path& base, const std::string& p) {
    std::filesystem::path path(p);
    return path.is_absolute() ? path : (base / path).lexically_normal();
}

listener_config parse_listener(const json& obj, const std::string& pointer, std::uint16_t default_port,
                               bool mutual_tls, const std::filesystem::path& base) {
    if (mutual_tls) {
        only_keys(obj, pointer, {"address", "port", "certificate", "private_key", "client_ca", "crl"});
    } else {
        only_keys(obj, pointer, {"address", "port", "certificate", "private_key", "trusted_proxies"});
    }
    listener_config l;
    l.address = read_string(obj, pointer, "address", std::string("127.0.0.1"));
    l.port = static_cast<std::uint16_t>(read_uint(obj, pointer, "port", default_port, 1, 65535));
    l.certificate = resolve(base, read_string(obj, pointer, "certificate", std::nullopt));
    l.private_key = resolve(base, read_string(obj, pointer, "private_key", std::nullopt));
    if (mutual_tls) l.client_ca = resolve(base, read_string(obj, pointer, "client_ca", std::nullopt));
    if (obj.contains("trusted_proxies")) {
        const json& a = obj.at("trusted_proxies");
        const std::string where = pointer + "/trusted_proxies";
        if (!a.is_array() || a.size() > 256) fail(where, "must be an array of at most 256 addresses or prefixes");
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (!a[i].is_string() || !ip_prefix::parse(a[i].get<std::string>())) {
                fail(where + "/" + std::to_string(i), "must be an IP address or prefix, e.g. \"10.0.0.0/8\"");
            }
            l.trusted_proxies.push_back(a[i].get<std::string>());
        }
    }
    if (mutual_tls && obj.contains("crl")) l.crl = resolve(base, read_string(obj, pointer, "crl", std::nullopt));
    return l;
}

struct limits parse_limits(const json& obj) {
    const std::string p = "/limits";
    only_keys(obj, p,
              {"max_header_bytes", "max_body_bytes", "max_connections", "max_connections_per_address",
               "handshake_start_timeout_seconds", "handshake_timeout_seconds",
               "header_timeout_seconds", "body_timeout_seconds", "write_timeout_seconds", "idle_timeout_seconds",
               "tls_shutdown_timeout_seconds",
               "shutdown_grace_seconds", "rate_per_minute", "rate_burst", "read_rate_per_minute", "read_rate_burst",
               "principal_rate_per_minute", "principal_rate_burst"});
    struct limits d;
    struct limits l;
    l.max_header_bytes = read_uint(obj, p, "max_header_bytes", d.max_header_bytes, 1024, 1 << 20);
    l.max_body_bytes = read_uint(obj, p, "max_body_bytes", d.max_body_bytes, 1024, 16 << 20);
    l.max_connections = read_uint(obj, p, "max_connections", d.max_connections, 1, 100000);
    l.max_connections_per_address =
        read_uint(obj, p, "max_connections_per_address", d.max_connections_per_address, 1, 100000);
    l.handshake_start_timeout_seconds =
        read_uint(obj, p, "handshake_start_timeout_seconds", d.handshake_start_timeout_seconds, 1, 600);
    l.handshake_timeout_seconds = read_uint(obj, p, "handshake_timeout_seconds", d.handshake_timeout_seconds, 1, 600);
    l.header_timeout_seconds = read_uint(obj, p, "header_timeout_seconds", d.header_timeout_seconds, 1, 600);
    l.body_timeout_seconds = read_uint(obj, p, "body_timeout_seconds", d.body_timeout_seconds, 1, 600);
    l.write_timeout_seconds = read_uint(obj, p, "write_timeout_seconds", d.write_timeout_seconds, 1, 600);
    l.idle_timeout_seconds = read_uint(obj, p, "idle_timeout_seconds", d.idle_timeout_seconds, 1, 600);
    l.tls_shutdown_timeout_seconds =
        read_uint(obj, p, "tls_shutdown_timeout_seconds", d.tls_shutdown_timeout_seconds, 1, 60);
    l.shutdown_grace_seconds = read_uint(obj, p, "shutdown_grace_seconds", d.shutdown_grace_seconds, 1, 600);
    l.rate_per_minute = read_uint(obj, p, "rate_per_minute", d.rate_per_minute, 1, 1000000);
    l.rate_burst = read_uint(obj, p, "rate_burst", d.rate_burst, 1, 1000000);
    l.read_rate_per_minute = read_uint(obj, p, "read_rate_per_minute", d.read_rate_per_minute, 1, 1000000);
    l.read_rate_burst = read_uint(obj, p, "read_rate_burst", d.read_rate_burst, 1, 1000000);
    l.principal_rate_per_minute =
        read_uint(obj, p, "principal_rate_per_minute", d.principal_rate_per_minute, 1, 1000000);
    l.principal_rate_burst = read_uint(obj, p, "principal_rate_burst", d.principal_rate_burst, 1, 1000000);
    return l;
}

queue_settings parse_queue(const json& obj) {
    const std::string p = "/queue";
    only_keys(obj, p, {"ack_within_working_days", "urgent_ack_within_hours", "max_attempts"});
    queue_settings d;
    queue_settings q;
    q.ack_within_working_days = read_uint(obj, p, "ack_within_working_days", d.ack_within_working_days, 1, 30);
    q.urgent_ack_within_hours = read_uint(obj, p, "urgent_ack_within_hours", d.urgent_ack_within_hours, 1, 72);
    q.max_attempts = read_uint(obj, p, "max_attempts", d.max_attempts, 1, 1000);
    return q;
}

audit_settings parse_audit(const json& obj, const std::filesystem::path& base) {
    const std::string p = "/audit";
    only_keys(obj, p, {"signing_key", "origin", "checkpoint_interval_seconds", "unsigned_tail"});
    audit_settings a;
    a.signing_key = resolve(base, read_string(obj, p, "signing_key", std::nullopt));
    a.origin = read_string(obj, p, "origin", std::nullopt);
    a.checkpoint_interval_seconds =
        read_uint(obj, p, "checkpoint_interval_seconds", a.checkpoint_interval_seconds, 1, 3600);
    const std::string tail = read_string(obj, p, "unsigned_tail", std::string("refuse"));
    if (tail != "refuse" && tail != "record") fail(p + "/unsigned_tail", "must be \"refuse\" or \"record\"");
    a.record_unsigned_tail = tail == "record";
    return a;
}

// One line of at most 300 bytes: it is printed into a sentence of a public page.
std::string read_line(const json& obj, const std::string& pointer, const char* key) {
    std::string v = read_string(obj, pointer, key, std::nullopt);
    const bool control = std::any_of(v.begin(), v.end(), [](unsigned char ch) { return ch < 0x20 || ch == 0x7f; });
    if (v.size() > 300 || control) fail(pointer + "/" + key, "must be one line of at most 300 bytes");
    return v;
}

localized_text read_localized(const json& obj, const std::string& pointer, const char* key) {
    const std::string where = pointer + "/" + key;
    if (!obj.contains(key)) fail(where, "is required");
    const json& v = obj.at(key);
    if (v.is_string()) {
        const std::string text = read_line(obj, pointer, key);
        return {text, text, text};
    }
    if (!v.is_object()) fail(where, "must be a non-empty string or an object with fi, sv and en");
    only_keys(v, where, {"fi", "sv", "en"});
    return {read_line(v, where, "fi"), read_line(v, where, "sv"), read_line(v, where, "en")};
}

// An address a person can write to: local@domain, no spaces or angle brackets, a dot in the domain.
std::string read_email(const json& obj, const std::string& pointer, const char* key) {
    const std::string v = read_string(obj, pointer, key, std::nullopt);
    const auto at = v.find('@');
    const bool ok = v.size() <= 254 && at != std::string::npos && at > 0 && v.find('@', at + 1) == std::string::npos &&
                    v.find('.', at) != std::string::npos && v.back() != '.' &&
                    v.find_first_of(" \t\r\n<>\"'(),;:[]\\") == std::string::npos;
    if (!ok) fail(pointer + "/" + key, "must be an e-mail address such as tietosuoja@example.fi");
    return v;
}

operator_details parse_operator(const json& obj) {
    const std::string p = "/operator";
    only_keys(obj, p, {"name", "address", "email", "dpo_email", "feedback_email"});
    operator_details o;
    o.name = read_localized(obj, p, "name");
    o.address = read_localized(obj, p, "address");
    o.email = read_email(obj, p, "email");
    o.dpo_email = read_email(obj, p, "dpo_email");
    o.feedback_email = read_email(obj, p, "feedback_email");
    return o;
}

auth::principal_rule parse_principal(const json& obj, const std::string& p) {
    only_keys(obj, p, {"id", "match", "organisation", "roles", "queues", "audit_scope"});
    auth::principal_rule rule;
    rule.who.id = read_string(obj, p, "id", std::nullopt);
    rule.who.organisation = read_string(obj, p, "organisation", std::nullopt);

    if (!obj.contains("match")) fail(p + "/match", "is required");
    const json& m = obj.at("match");
    only_keys(m, p + "/match", {"subject", "fingerprint_sha256", "san"});
    if (m.size() != 1) fail(p + "/match", "must have exactly one of subject, fingerprint_sha256, san");
    // Copied out: items() yields proxies that die with the loop that made them.
    std::string kind;
    json value;
    for (const auto& item : m.items()) {
        kind = item.key();
        value = item.value();
    }
    if (!value.is_string() || value.get<std::string>().empty()) fail(p + "/match/" + kind, "must be a non-empty string");
    rule.match.value = value.get<std::string>();
    if (kind == "subject") {
        rule.match.by = auth::certificate_match::kind::subject;
    } else if (kind == "san") {
        rule.match.by = auth::certificate_match::kind::san;
    } else {
        rule.match.by = auth::certificate_match::kind::fingerprint_sha256;
        const auto& v = rule.match.value;
        if (v.size() != 64 || v.find_first_not_of("0123456789abcdef") != std::string::npos) {
            fail(p + "/match/fingerprint_sha256", "must be 64 lower-case hex digits without colons");
        }
    }

    auto read_list = [&](const char* key) {
        std::vector<std::string> out;
        if (!obj.contains(key)) return out;
        const json& a = obj.at(key);
        if (!a.is_array()) fail(p + "/" + key, "must be an array of strings");
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (!a[i].is_string()) fail(p + "/" + key + "/" + std::to_string(i), "must be a string");
            out.push_back(a[i].get<std::string>());
        }
        return out;
    };
    auto roles = read_list("roles");
    for (std::size_t i = 0; i < roles.size(); ++i) {
        auth::role r;
        if (!auth::parse_role(roles[i], r)) fail(p + "/roles/" + std::to_string(i), "must be intake, auditor or admin");
        rule.who.roles.push_back(r);
    }
    rule.who.queues = read_list("queues");
    if (obj.contains("audit_scope")) {
        const json& scope = obj.at("audit_scope");
        if (!scope.is_string() || (scope != "organisation" && scope != "all")) {
            fail(p + "/audit_scope", "must be \"organisation\" or \"all\"");
        }
        if (!rule.who.has_role(auth::role::auditor)) fail(p + "/audit_scope", "is only for a principal with the auditor role");
        rule.who.audits_all_organisations = scope == "all";
    }
    return rule;
}

}  // namespace

const std::string& localized_text::in(std::string_view language) const {
    if (language == "sv") return sv;
    if (language == "en") return en;
    return fi;
}

server_config parse_config(const json& doc, const std::filesystem::path& base, const std::filesystem::path& source) {
    only_keys(doc, "", {"data_dir", "forms_dir", "schema_dir", "routing_dir", "threads", "listeners", "limits",
                        "principals", "queues", "queue", "audit", "operator"});
    server_config c;
    c.data_dir = resolve(base, read_string(doc, "", "data_dir", std::string("var")));
    c.forms_dir = resolve(base, read_string(doc, "", "forms_dir", (source / "forms").string()));
    c.schema_dir = resolve(base, read_string(doc, "", "schema_dir", (source / "schema").string()));
    c.routing_dir = resolve(base, read_string(doc, "", "routing_dir", (source / "server/routing/data").string()));
    c.threads = read_uint(doc, "", "threads", 2, 1, 64);

    if (!doc.contains("listeners")) fail("/listeners", "is required");
    const json& ls = doc.at("listeners");
    only_keys(ls, "/listeners", {"public", "internal"});
    if (!ls.contains("public")) fail("/listeners/public", "is required");
    if (!ls.contains("internal")) fail("/listeners/internal", "is required");
    c.public_listener = parse_listener(ls.at("public"), "/listeners/public", 8443, false, base);
    c.internal_listener = parse_listener(ls.at("internal"), "/listeners/internal", 9443, true, base);
    if (c.public_listener.port == c.internal_listener.port && c.public_listener.address == c.internal_listener.address) {
        fail("/listeners/internal/port", "must differ from the public listener's port");
    }

    c.limits = doc.contains("limits") ? parse_limits(doc.at("limits")) : limits{};
    if (c.limits.rate_burst < 1) fail("/limits/rate_burst", "must be at least 1");
    c.queue = doc.contains("queue") ? parse_queue(doc.at("queue")) : queue_settings{};

    if (doc.contains("audit")) c.audit = parse_audit(doc.at("audit"), base);
    if (doc.contains("operator")) c.service_operator = parse_operator(doc.at("operator"));

    if (doc.contains("principals")) {
        const json& ps = doc.at("principals");
        if (!ps.is_array()) fail("/principals", "must be an array");
        std::set<std::string> ids;
        for (std::size_t i = 0; i < ps.size(); ++i) {
            auto rule = parse_principal(ps[i], "/principals/" + std::to_string(i));
            if (!ids.insert(rule.who.id).second) fail("/principals/" + std::to_string(i) + "/id", "is a duplicate");
            c.principals.push_back(std::move(rule));
        }
    }
    if (doc.contains("queues")) {
        if (!doc.at("queues").is_object()) fail("/queues", "must be an object");
        c.queues = doc.at("queues");
    }
    return c;
}

server_config load_config(const std::filesystem::path& file, const std::filesystem::path& source) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw config_error("configuration: cannot read " + file.string());
    std::stringstream buf;
    buf << in.rdbuf();
    json doc = json::parse(buf.str(), nullptr, false);
    if (doc.is_discarded()) throw config_error("configuration: " + file.string() + " is not valid JSON");
    auto base = std::filesystem::absolute(file).parent_path();
    auto cfg = parse_config(doc, base, source);
    cfg.source_file = std::filesystem::absolute(file);
    return cfg;
}

}  // namespace huoli::config
