#include "config/config.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace huoli::config {
namespace {

using nlohmann::json;

json minimal() {
    return json::parse(R"({
      "listeners": {
        "public": {"certificate": "s.pem", "private_key": "s.key"},
        "internal": {"certificate": "s.pem", "private_key": "s.key", "client_ca": "ca.pem"}
      }
    })");
}

// The message must name the key so an operator can fix the file without reading code.
std::string error_of(const json& doc) {
    try {
        parse_config(doc, "/etc/huoli", "/src");
    } catch (const config_error& e) {
        return e.what();
    }
    return "no error";
}

TEST(config, minimal_file_gets_documented_defaults) {
    auto c = parse_config(minimal(), "/etc/huoli", "/src");
    EXPECT_EQ(c.public_listener.port, 8443);
    EXPECT_EQ(c.internal_listener.port, 9443);
    EXPECT_EQ(c.limits.max_body_bytes, 256u * 1024);
    EXPECT_EQ(c.limits.max_header_bytes, 8192u);
    EXPECT_EQ(c.threads, 2u);
    EXPECT_EQ(c.public_listener.certificate, "/etc/huoli/s.pem");
    EXPECT_EQ(c.forms_dir, "/src/forms");
    EXPECT_EQ(c.data_dir, "/etc/huoli/var");
    EXPECT_FALSE(c.public_listener.client_ca);
    EXPECT_EQ(*c.internal_listener.client_ca, "/etc/huoli/ca.pem");
}

TEST(config, unknown_key_is_rejected_by_name) {
    auto doc = minimal();
    doc["limits"] = {{"max_body_byte", 1000}};
    EXPECT_NE(error_of(doc).find("/limits/max_body_byte: unknown key"), std::string::npos);
}

TEST(config, out_of_range_limit_names_the_key_and_range) {
    auto doc = minimal();
    doc["limits"] = {{"max_body_bytes", 10}};
    EXPECT_NE(error_of(doc).find("/limits/max_body_bytes: must be an integer between 1024"), std::string::npos);
}

TEST(config, queue_settings_default_to_one_working_day_and_five_attempts) {
    auto c = parse_config(minimal(), "/etc/huoli", "/src");
    EXPECT_EQ(c.queue.ack_within_working_days, 1u);
    EXPECT_EQ(c.queue.max_attempts, 5u);
    auto doc = minimal();
    doc["queue"] = {{"ack_within_working_days", 2}, {"max_attempts", 3}};
    c = parse_config(doc, "/etc/huoli", "/src");
    EXPECT_EQ(c.queue.ack_within_working_days, 2u);
    EXPECT_EQ(c.queue.max_attempts, 3u);
}

TEST(config, urgent_notices_have_an_acknowledgement_window_in_hours) {
    EXPECT_EQ(parse_config(minimal(), "/etc/huoli", "/src").queue.urgent_ack_within_hours, 4u);
    auto doc = minimal();
    doc["queue"] = {{"urgent_ack_within_hours", 2}};
    EXPECT_EQ(parse_config(doc, "/etc/huoli", "/src").queue.urgent_ack_within_hours, 2u);
    doc["queue"] = {{"urgent_ack_within_hours", 0}};
    EXPECT_NE(error_of(doc).find("/queue/urgent_ack_within_hours: must be an integer between 1 and 72"),
              std::string::npos);
}

TEST(config, queue_settings_errors_name_the_key) {
    auto doc = minimal();
    doc["queue"] = {{"max_attempts", 0}};
    EXPECT_NE(error_of(doc).find("/queue/max_attempts: must be an integer between 1"), std::string::npos);
    doc["queue"] = {{"ack_within_days", 1}};
    EXPECT_NE(error_of(doc).find("/queue/ack_within_days: unknown key"), std::string::npos);
}

TEST(config, internal_listener_requires_client_ca) {
    auto doc = minimal();
    doc["listeners"]["internal"].erase("client_ca");
    EXPECT_NE(error_of(doc).find("/listeners/internal/client_ca: is required"), std::string::npos);
}

TEST(config, public_listener_cannot_ask_for_client_certificates) {
    auto doc = minimal();
    doc["listeners"]["public"]["client_ca"] = "ca.pem";
    EXPECT_NE(error_of(doc).find("/listeners/public/client_ca: unknown key"), std::string::npos);
}

TEST(config, connection_and_rate_limits_default_to_the_documented_values) {
    auto c = parse_config(minimal(), "/etc/huoli", "/src");
    EXPECT_EQ(c.limits.max_connections_per_address, 128u);
    EXPECT_LT(c.limits.max_connections_per_address, c.limits.max_connections);
    EXPECT_EQ(c.limits.handshake_start_timeout_seconds, 3u);
    EXPECT_EQ(c.limits.rate_per_minute, 120u);
    EXPECT_EQ(c.limits.read_rate_per_minute, 3000u);
    EXPECT_EQ(c.limits.read_rate_burst, 600u);
    EXPECT_EQ(c.limits.principal_rate_per_minute, 6000u);
    EXPECT_EQ(c.limits.principal_rate_burst, 1200u);
    EXPECT_TRUE(c.public_listener.trusted_proxies.empty());
}

TEST(config, new_limits_are_read_and_range_checked) {
    auto doc = minimal();
    doc["limits"] = {{"max_connections_per_address", 7}, {"handshake_start_timeout_seconds", 1},
                     {"read_rate_per_minute", 10}, {"read_rate_burst", 2}, {"principal_rate_per_minute", 11},
                     {"principal_rate_burst", 3}};
    auto c = parse_config(doc, "/etc/huoli", "/src");
    EXPECT_EQ(c.limits.max_connections_per_address, 7u);
    EXPECT_EQ(c.limits.handshake_start_timeout_seconds, 1u);
    EXPECT_EQ(c.limits.read_rate_per_minute, 10u);
    EXPECT_EQ(c.limits.read_rate_burst, 2u);
    EXPECT_EQ(c.limits.principal_rate_per_minute, 11u);
    EXPECT_EQ(c.limits.principal_rate_burst, 3u);
    for (const char* key : {"max_connections_per_address", "handshake_start_timeout_seconds", "read_rate_burst",
                            "principal_rate_per_minute"}) {
        doc["limits"] = {{key, 0}};
        EXPECT_NE(error_of(doc).find(std::string("/limits/") + key + ": must be an integer between 1"),
                  std::string::npos)
            << key;
    }
}

TEST(config, an_auditor_sees_its_own_organisation_unless_its_scope_is_all) {
    auto doc = minimal();
    doc["principals"] = json::parse(R"([
      {"id": "county", "match": {"subject": "CN=a"}, "organisation": "kainuu", "roles": ["auditor"]},
      {"id": "dpo", "match": {"subject": "CN=b"}, "organisation": "operator", "roles": ["auditor"], "audit_scope": "all"},
      {"id": "own", "match": {"subject": "CN=c"}, "organisation": "lappi", "roles": ["auditor"],
       "audit_scope": "organisation"}])");
    auto c = parse_config(doc, "/etc/huoli", "/src");
    EXPECT_FALSE(c.principals[0].who.audits_all_organisations);
    EXPECT_TRUE(c.principals[1].who.audits_all_organisations);
    EXPECT_FALSE(c.principals[2].who.audits_all_organisations);
    doc["principals"][0]["audit_scope"] = "country";
    EXPECT_NE(error_of(doc).find("/principals/0/audit_scope: must be"), std::string::npos);
    doc["principals"][0]["audit_scope"] = "all";
    doc["principals"][0]["roles"] = {"intake"};
    EXPECT_NE(error_of(doc).find("/principals/0/audit_scope: is only for a principal with the auditor role"),
              std::string::npos);
}

TEST(config, trusted_proxies_are_addresses_or_prefixes_of_the_public_listener) {
    auto doc = minimal();
    doc["listeners"]["public"]["trusted_proxies"] = {"10.0.0.5", "10.1.0.0/16", "2001:db8::/32"};
    auto c = parse_config(doc, "/etc/huoli", "/src");
    EXPECT_EQ(c.public_listener.trusted_proxies.size(), 3u);
    doc["listeners"]["public"]["trusted_proxies"] = {"10.0.0.5", "proxy.example"};
    EXPECT_NE(error_of(doc).find("/listeners/public/trusted_proxies/1: must be an IP address or prefix"),
              std::string::npos);
    doc["listeners"]["public"]["trusted_proxies"] = "10.0.0.5";
    EXPECT_NE(error_of(doc).find("/listeners/public/trusted_proxies: must be an array"), std::string::npos);
    doc = minimal();
    doc["listeners"]["internal"]["trusted_proxies"] = {"10.0.0.5"};
    EXPECT_NE(error_of(doc).find("/listeners/internal/trusted_proxies: unknown key"), std::string::npos);
}

TEST(config, unsigned_audit_tail_is_refused_unless_record_is_chosen) {
    auto doc = minimal();
    doc["audit"] = {{"signing_key", "audit.key"}, {"origin", "huoli.test/audit"}};
    EXPECT_FALSE(parse_config(doc, "/etc/huoli", "/src").audit.record_unsigned_tail);
    doc["audit"]["unsigned_tail"] = "record";
    EXPECT_TRUE(parse_config(doc, "/etc/huoli", "/src").audit.record_unsigned_tail);
    doc["audit"]["unsigned_tail"] = "refuse";
    EXPECT_FALSE(parse_config(doc, "/etc/huoli", "/src").audit.record_unsigned_tail);
    doc["audit"]["unsigned_tail"] = "sign";
    EXPECT_NE(error_of(doc).find("/audit/unsigned_tail: must be \"refuse\" or \"record\""), std::string::npos)
        << error_of(doc);
}

TEST(config, internal_listener_takes_a_crl_file_and_the_public_one_does_not) {
    EXPECT_FALSE(parse_config(minimal(), "/etc/huoli", "/src").internal_listener.crl);
    auto doc = minimal();
    doc["listeners"]["internal"]["crl"] = "clients.crl";
    EXPECT_EQ(*parse_config(doc, "/etc/huoli", "/src").internal_listener.crl, "/etc/huoli/clients.crl");
    doc["listeners"]["public"]["crl"] = "clients.crl";
    EXPECT_NE(error_of(doc).find("/listeners/public/crl: unknown key"), std::string::npos) << error_of(doc);
}

TEST(config, same_port_twice_is_rejected) {
    auto doc = minimal();
    doc["listeners"]["public"]["port"] = 9443;
    EXPECT_NE(error_of(doc).find("/listeners/internal/port"), std::string::npos);
}

TEST(config, principals_parse_with_each_match_kind) {
    auto doc = minimal();
    doc["principals"] = json::parse(R"([
      {"id": "kainuu-intake", "match": {"subject": "CN=kainuu-intake,O=Kainuun hyvinvointialue,C=FI"},
       "organisation": "kainuu", "roles": ["intake"], "queues": ["kainuu-children"]},
      {"id": "auditor", "match": {"fingerprint_sha256": "0000000000000000000000000000000000000000000000000000000000000000"},
       "organisation": "audit", "roles": ["auditor"]},
      {"id": "ops", "match": {"san": "DNS:ops.example"}, "organisation": "huoli", "roles": ["admin"]}
    ])");
    auto c = parse_config(doc, "/etc", "/src");
    ASSERT_EQ(c.principals.size(), 3u);
    EXPECT_EQ(c.principals[0].who.queues, std::vector<std::string>{"kainuu-children"});
    EXPECT_EQ(c.principals[1].match.by, auth::certificate_match::kind::fingerprint_sha256);
    EXPECT_TRUE(c.principals[2].who.has_role(auth::role::admin));
}

TEST(config, principal_errors_name_the_entry) {
    auto doc = minimal();
    doc["principals"] = json::parse(R"([{"id": "x", "match": {"fingerprint_sha256": "AB:CD"}, "organisation": "o"}])");
    EXPECT_NE(error_of(doc).find("/principals/0/match/fingerprint_sha256"), std::string::npos);
    doc["principals"] = json::parse(R"([{"id": "x", "match": {"subject": "CN=x", "san": "DNS:x"}, "organisation": "o"}])");
    EXPECT_NE(error_of(doc).find("/principals/0/match: must have exactly one"), std::string::npos);
    doc["principals"] = json::parse(R"([{"id": "x", "match": {"subject": "CN=x"}, "organisation": "o", "roles": ["root"]}])");
    EXPECT_NE(error_of(doc).find("/principals/0/roles/0"), std::string::npos);
    doc["principals"] = json::parse(
        R"([{"id": "x", "match": {"subject": "CN=x"}, "organisation": "o"}, {"id": "x", "match": {"subject": "CN=y"}, "organisation": "o"}])");
    EXPECT_NE(error_of(doc).find("/principals/1/id: is a duplicate"), std::string::npos);
}

TEST(config, unreadable_or_invalid_file_stops_start_up) {
    EXPECT_THROW(load_config("/nonexistent/huoli.json", "/src"), config_error);
}

}  // namespace
}  // namespace huoli::config

namespace huoli::config {
namespace {

// The documented production example must stay loadable as the format evolves.
TEST(config, shipped_example_configuration_parses) {
    auto c = load_config(std::filesystem::path(HUOLI_SOURCE_DIR) / "deploy/huoli.example.json", HUOLI_SOURCE_DIR);
    EXPECT_EQ(c.public_listener.port, 443);
    EXPECT_EQ(c.internal_listener.address, "10.0.0.5");
    ASSERT_EQ(c.principals.size(), 1u);
    EXPECT_EQ(c.principals[0].who.organisation, "kainuu");
}

}  // namespace
}  // namespace huoli::config
