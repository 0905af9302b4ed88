// Who is calling on the internal listener.
//
// A client certificate that chains to the configured client CA is mapped, through configuration,
// to a principal: an organisation, its roles and the queues it may use. Authorisation decisions
// everywhere else are made on the principal, never on certificate fields.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace huoli::auth {

enum class role { intake, auditor, admin };

struct principal {
    std::string id;            // e.g. "kainuu-intake"
    std::string organisation;  // organisation id, e.g. "kainuu"
    std::vector<role> roles;
    std::vector<std::string> queues;
    std::string fingerprint;   // SHA-256 of the presenting certificate, for audit events
    // Auditors see the audit events of their own organisation only, unless configured to see
    // every organisation's (a supervisory authority, the operator's data protection officer).
    bool audits_all_organisations = false;

    bool has_role(role r) const;
    bool may_use_queue(const std::string& queue_id) const;
};

// How a configured principal recognises its certificate: exactly one of these is set.
struct certificate_match {
    enum class kind { subject, fingerprint_sha256, san } by = kind::subject;
    std::string value;
};

struct principal_rule {
    principal who;
    certificate_match match;
};

// What the TLS layer learnt about the peer after a verified handshake.
struct peer_identity {
    std::string subject;                 // RFC 2253, most specific first
    std::vector<std::string> sans;       // "DNS:x", "URI:x", "email:x", "IP:x"
    std::string fingerprint_sha256;      // lower-case hex of SHA-256(DER)
};

const char* to_string(role r);
bool parse_role(const std::string& text, role& out);

// The first rule whose match fits `peer`, with `fingerprint` filled in; nullopt when none does.
// Fingerprint rules are checked first: they are the most specific.
std::optional<principal> match_principal(const peer_identity& peer, const std::vector<principal_rule>& rules);

}  // namespace huoli::auth
