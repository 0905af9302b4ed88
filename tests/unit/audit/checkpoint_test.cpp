#include "audit/checkpoint.hpp"

#include <gtest/gtest.h>

#include "audit/base64.hpp"
#include "audit/merkle_tree.hpp"
#include "audit/note.hpp"
#include "audit/proof.hpp"
#include "audit/verify.hpp"
#include "test_keys.hpp"

namespace huoli::audit {
namespace {

using namespace test;

// The example of c2sp.org/tlog-checkpoint.
const std::string spec_body = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

hash spec_root() {
    std::string raw = base64_decode("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=").value();
    hash out{};
    std::copy(raw.begin(), raw.end(), out.begin());
    return out;
}

TEST(make_checkpoint_body, writes_the_c2sp_example_exactly) {
    EXPECT_EQ(make_checkpoint_body("example.com/behind-the-sofa", 20852163, spec_root()), spec_body);
    EXPECT_EQ(make_checkpoint_body("o", 0, empty_root(), {"ext one", "ext two"}),
              "o\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\next one\next two\n");
}

TEST(parse_checkpoint, reads_the_c2sp_example) {
    auto cp = parse_checkpoint(spec_body);
    ASSERT_TRUE(cp) << cp.error().detail;
    EXPECT_EQ(cp.value().origin, "example.com/behind-the-sofa");
    EXPECT_EQ(cp.value().size, 20852163u);
    EXPECT_EQ(cp.value().root, spec_root());
    EXPECT_TRUE(cp.value().extensions.empty());
}

TEST(parse_checkpoint, keeps_extension_lines_and_accepts_the_largest_size) {
    auto cp = parse_checkpoint("o\n18446744073709551615\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\nx\ny z\n");
    ASSERT_TRUE(cp);
    EXPECT_EQ(cp.value().size, UINT64_MAX);
    EXPECT_EQ(cp.value().extensions, (std::vector<std::string>{"x", "y z"}));
}

TEST(parse_checkpoint, rejects_malformed_bodies) {
    const std::string root = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
    const std::string bad[] = {
        "",
        "o\n5\n",                                         // no root line
        "o\n5\n" + root,                                  // no final newline
        "\n5\n" + root + "\n",                            // empty origin
        "o\n\n" + root + "\n",                            // empty size
        "o\n05\n" + root + "\n",                          // leading zero
        "o\n+5\n" + root + "\n",
        "o\n-1\n" + root + "\n",
        "o\n5 \n" + root + "\n",
        "o\n18446744073709551616\n" + root + "\n",        // 2^64
        "o\n5\n" + root.substr(4) + "AAAA\n",             // not canonical / wrong length
        "o\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==\n",  // 31 bytes
        "o\n5\n" + root + "\n\n",                         // empty extension line
        "o\n5\n" + root.substr(0, 43) + "!\n",
    };
    for (const auto& body : bad) {
        auto cp = parse_checkpoint(body);
        ASSERT_FALSE(cp) << body;
        EXPECT_EQ(cp.error().code, "malformed_checkpoint") << body;
    }
    EXPECT_TRUE(parse_checkpoint("o\n0\n" + root + "\n"));
}

class signed_checkpoint : public ::testing::Test {
protected:
    signed_checkpoint() {
        write_new_key_pem("ED25519", dir_ / "log.pem");
        write_new_key_pem("ED25519", dir_ / "other.pem");
    }
    signer log_key() const { return signer::from_private_key_file(dir_ / "log.pem", "huoli.example/audit"); }
    signer other_key() const { return signer::from_private_key_file(dir_ / "other.pem", "huoli.example/audit"); }

    temp_dir dir_;
};

TEST_F(signed_checkpoint, round_trips_through_sign_and_verify) {
    hash root = leaf_hash("event");
    std::string note = sign_note(make_checkpoint_body("huoli.example/audit", 1, root), log_key()).value();
    auto cp = verify_checkpoint(note, verifier::from_vkey(log_key().vkey()).value());
    ASSERT_TRUE(cp) << cp.error().detail;
    EXPECT_EQ(cp.value().size, 1u);
    EXPECT_EQ(cp.value().root, root);
}

TEST_F(signed_checkpoint, rejects_a_tampered_size_or_root) {
    std::string note = sign_note(make_checkpoint_body("huoli.example/audit", 10, leaf_hash("e")), log_key()).value();
    verifier v = log_key().to_verifier();
    std::string bigger = note;
    bigger.replace(bigger.find("\n10\n"), 4, "\n11\n");
    EXPECT_EQ(verify_checkpoint(bigger, v).error().code, "invalid_signature");
    std::string other_root = note;
    other_root[other_root.find('\n', other_root.find("\n10\n") + 4) - 2] ^= 1;  // a character of the base64 root
    EXPECT_FALSE(verify_checkpoint(other_root, v));
}

TEST_F(signed_checkpoint, rejects_a_checkpoint_signed_by_another_key_with_the_same_name) {
    std::string note = sign_note(make_checkpoint_body("huoli.example/audit", 3, leaf_hash("e")), other_key()).value();
    EXPECT_EQ(verify_checkpoint(note, log_key().to_verifier()).error().code, "unknown_key");
}

TEST_F(signed_checkpoint, rejects_a_checkpoint_whose_origin_is_not_the_key_name) {
    std::string note = sign_note(make_checkpoint_body("other.example/log", 3, leaf_hash("e")), log_key()).value();
    EXPECT_EQ(verify_checkpoint(note, log_key().to_verifier()).error().code, "origin_mismatch");
}

TEST_F(signed_checkpoint, lets_an_auditor_with_only_the_vkey_check_inclusion_and_consistency) {
    // The server side: append events, sign checkpoints at sizes 10 and 25.
    std::vector<hash> leaves;
    merkle_tree tree;
    std::string checkpoint_10;
    for (int i = 0; i < 25; ++i) {
        leaves.push_back(leaf_hash("{\"event\":\"disclosure\",\"seq\":" + std::to_string(i) + "}"));
        tree.append(leaves.back());
        if (tree.size() == 10) {
            checkpoint_10 = sign_note(make_checkpoint_body("huoli.example/audit", 10, tree.root()), log_key()).value();
        }
    }
    std::string checkpoint_25 = sign_note(make_checkpoint_body("huoli.example/audit", 25, tree.root()), log_key()).value();
    auto lookup = [&](std::uint64_t i) { return leaves[i]; };
    auto consistency = consistency_proof(10, 25, lookup).value();
    auto inclusion = inclusion_proof(7, 25, lookup).value();
    std::string vkey = log_key().vkey();

    // The auditor side: nothing but the vkey text, the notes, the proofs and the event bytes.
    verifier v = verifier::from_vkey(vkey).value();
    checkpoint old_head = verify_checkpoint(checkpoint_10, v).value();
    checkpoint new_head = verify_checkpoint(checkpoint_25, v).value();
    EXPECT_TRUE(verify_consistency(old_head.size, new_head.size, old_head.root, new_head.root, consistency));
    hash event_7 = leaf_hash("{\"event\":\"disclosure\",\"seq\":7}");
    EXPECT_TRUE(verify_inclusion(event_7, 7, new_head.size, inclusion, new_head.root));
    hash altered = leaf_hash("{\"event\":\"disclosure\",\"seq\":70}");
    EXPECT_FALSE(verify_inclusion(altered, 7, new_head.size, inclusion, new_head.root));
}

}  // namespace
}  // namespace huoli::audit
