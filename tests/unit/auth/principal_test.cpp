#include "auth/principal.hpp"

#include <gtest/gtest.h>

namespace huoli::auth {
namespace {

principal_rule rule(std::string id, certificate_match::kind by, std::string value) {
    principal_rule r;
    r.who.id = std::move(id);
    r.who.organisation = "org";
    r.match = {by, std::move(value)};
    return r;
}

peer_identity peer() {
    peer_identity p;
    p.subject = "CN=kainuu-intake,O=Kainuun hyvinvointialue,C=FI";
    p.sans = {"DNS:intake.kainuu.example"};
    p.fingerprint_sha256 = std::string(64, 'a');
    return p;
}

TEST(match_principal, matches_by_subject_and_records_fingerprint) {
    auto p = match_principal(peer(), {rule("k", certificate_match::kind::subject,
                                           "CN=kainuu-intake,O=Kainuun hyvinvointialue,C=FI")});
    ASSERT_TRUE(p);
    EXPECT_EQ(p->id, "k");
    EXPECT_EQ(p->fingerprint, std::string(64, 'a'));
}

TEST(match_principal, fingerprint_rule_wins_over_subject_rule) {
    auto p = match_principal(peer(), {rule("by-subject", certificate_match::kind::subject,
                                           "CN=kainuu-intake,O=Kainuun hyvinvointialue,C=FI"),
                                      rule("by-fingerprint", certificate_match::kind::fingerprint_sha256,
                                           std::string(64, 'a'))});
    EXPECT_EQ(p->id, "by-fingerprint");
}

TEST(match_principal, matches_by_subject_alt_name) {
    auto p = match_principal(peer(), {rule("s", certificate_match::kind::san, "DNS:intake.kainuu.example")});
    ASSERT_TRUE(p);
}

TEST(match_principal, similar_but_different_subject_does_not_match) {
    EXPECT_FALSE(match_principal(peer(), {rule("k", certificate_match::kind::subject, "CN=kainuu-intake,C=FI")}));
    EXPECT_FALSE(match_principal(peer(), {rule("k", certificate_match::kind::subject,
                                               "cn=kainuu-intake,o=kainuun hyvinvointialue,c=fi")}));
    EXPECT_FALSE(match_principal(peer(), {}));
}

TEST(principal, queue_and_role_checks) {
    principal p;
    p.roles = {role::intake};
    p.queues = {"kainuu-children"};
    EXPECT_TRUE(p.has_role(role::intake));
    EXPECT_FALSE(p.has_role(role::auditor));
    EXPECT_TRUE(p.may_use_queue("kainuu-children"));
    EXPECT_FALSE(p.may_use_queue("helsinki-children"));
}

}  // namespace
}  // namespace huoli::auth
