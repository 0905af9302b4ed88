#include "auth/principal.hpp"

#include <algorithm>

namespace huoli::auth {

bool principal::has_role(role r) const {
    return std::find(roles.begin(), roles.end(), r) != roles.end();
}

bool principal::may_use_queue(const std::string& queue_id) const {
    return std::find(queues.begin(), queues.end(), queue_id) != queues.end();
}

const char* to_string(role r) {
    switch (r) {
        case role::intake: return "intake";
        case role::auditor: return "auditor";
        case role::admin: return "admin";
    }
    return "unknown";
}

bool parse_role(const std::string& text, role& out) {
    for (role r : {role::intake, role::auditor, role::admin}) {
        if (text == to_string(r)) {
            out = r;
            return true;
        }
    }
    return false;
}

namespace {
bool fits(const peer_identity& peer, const certificate_match& m) {
    switch (m.by) {
        case certificate_match::kind::fingerprint_sha256: return peer.fingerprint_sha256 == m.value;
        case certificate_match::kind::subject: return peer.subject == m.value;
        case certificate_match::kind::san:
            return std::find(peer.sans.begin(), peer.sans.end(), m.value) != peer.sans.end();
    }
    return false;
}
}  // namespace

std::optional<principal> match_principal(const peer_identity& peer, const std::vector<principal_rule>& rules) {
    for (auto pass : {certificate_match::kind::fingerprint_sha256, certificate_match::kind::subject,
                      certificate_match::kind::san}) {
        for (const auto& rule : rules) {
            if (rule.match.by == pass && fits(peer, rule.match)) {
                principal p = rule.who;
                p.fingerprint = peer.fingerprint_sha256;
                return p;
            }
        }
    }
    return std::nullopt;
}

}  // namespace huoli::auth
