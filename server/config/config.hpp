// The server's configuration, parsed once at start-up from one JSON file.
//
// Every key and default is documented in deploy/CONFIGURATION.md. load_config() throws
// config_error naming the offending key (as a JSON Pointer): a bad configuration must stop
// start-up, never limp along with a guessed value.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/principal.hpp"

namespace huoli::config {

struct config_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct listener_config {
    std::string address = "127.0.0.1";
    std::uint16_t port = 0;
    std::filesystem::path certificate;
    std::filesystem::path private_key;
    std::optional<std::filesystem::path> client_ca;  // set ⇒ mutual TLS required
    // Public listener only: reverse proxies whose Forwarded / X-Forwarded-For are believed
    // (addresses or prefixes, checked with core/ip_prefix.hpp).
    std::vector<std::string> trusted_proxies;
    std::optional<std::filesystem::path> crl;        // PEM CRLs from client_ca's CAs; internal listener only
};

struct limits {
    std::uint32_t max_header_bytes = 8192;
    std::uint32_t max_body_bytes = 256 * 1024;
    std::uint32_t max_connections = 512;             // per listener
    std::uint32_t max_connections_per_address = 128;  // per listener and client address
    std::uint32_t handshake_start_timeout_seconds = 3;
    std::uint32_t handshake_timeout_seconds = 10;
    std::uint32_t header_timeout_seconds = 10;
    std::uint32_t body_timeout_seconds = 30;
    std::uint32_t write_timeout_seconds = 30;
    std::uint32_t idle_timeout_seconds = 5;
    std::uint32_t tls_shutdown_timeout_seconds = 2;
    std::uint32_t shutdown_grace_seconds = 10;
    // Token buckets per client address on the public listener: submissions (every method but
    // GET and HEAD), and separately the reads a form needs (pages, scripts, schemas).
    std::uint32_t rate_per_minute = 120;
    std::uint32_t rate_burst = 30;
    std::uint32_t read_rate_per_minute = 3000;
    std::uint32_t read_rate_burst = 600;
    // Per principal on the internal listener.
    std::uint32_t principal_rate_per_minute = 6000;
    std::uint32_t principal_rate_burst = 1200;
};

// Intake queue behaviour (server/queue/). An unacknowledged notice is overdue once the
// acknowledgement window has passed; a notice whose lease ran out max_attempts times is flagged.
struct queue_settings {
    std::uint32_t ack_within_working_days = 1;
    std::uint32_t urgent_ack_within_hours = 4;  // urgent notices, around the clock
    std::uint32_t max_attempts = 5;
};

// The tamper-evident audit log (server/audit/). The signing key lives outside the database:
// its public key (vkey) is what auditors keep. The server refuses to start without one.
struct audit_settings {
    std::optional<std::filesystem::path> signing_key;  // PEM PKCS#8 Ed25519 private key
    std::string origin;                                 // checkpoint origin = key name
    std::uint32_t checkpoint_interval_seconds = 10;
    // audit.unsigned_tail: "refuse" (false) stops start-up when events follow a clean stop's
    // final checkpoint; "record" (true) sets them aside unsigned and records audit.tail_rejected.
    bool record_unsigned_tail = false;
};

// Text shown in the page's language (fi, sv, en); a plain string in the file means the same
// text in all three.
struct localized_text {
    std::string fi, sv, en;
    // The text for "fi", "sv" or "en"; anything else gets the Finnish text.
    const std::string& in(std::string_view language) const;
};

// Who runs this instance, as the public pages (forms/*/privacy.html, accessibility.html) name it:
// the controller of the transmission and its contacts (GDPR Art. 13(1)(a)-(b)), and where
// accessibility feedback goes (Act 306/2019 15 §). Without it the pages show their
// "not configured" text.
struct operator_details {
    localized_text name;
    localized_text address;         // postal address
    std::string email;              // the controller's general contact (registry office)
    std::string dpo_email;          // the data protection officer
    std::string feedback_email;     // feedback on the service and its accessibility
};

struct server_config {
    std::filesystem::path source_file;  // the file load_config read (hashed into the audit log)
    std::filesystem::path data_dir;
    std::filesystem::path forms_dir;
    std::filesystem::path schema_dir;
    std::filesystem::path routing_dir;
    std::uint32_t threads = 2;
    listener_config public_listener;
    listener_config internal_listener;
    struct limits limits;
    queue_settings queue;
    struct audit_settings audit;
    std::vector<auth::principal_rule> principals;
    std::optional<operator_details> service_operator;  // the "operator" section
    // Queue layout per organisation, checked by routing::queue_config at start-up.
    nlohmann::json queues = nlohmann::json::object();
};

// Parses `doc`; relative paths are resolved against `base_dir`, missing directories default
// to folders of `source_dir` (the checkout the binary was built from).
server_config parse_config(const nlohmann::json& doc, const std::filesystem::path& base_dir,
                           const std::filesystem::path& source_dir);

// Reads and parses `file`. Throws config_error.
server_config load_config(const std::filesystem::path& file, const std::filesystem::path& source_dir);

}  // namespace huoli::config
