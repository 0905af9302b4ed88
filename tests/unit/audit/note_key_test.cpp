#include "audit/note_key.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "audit/base64.hpp"
#include "go_note_vectors.hpp"
#include "test_keys.hpp"

namespace huoli::audit {
namespace {

using namespace test;

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

signer peter_signer(const temp_dir& dir) {
    std::string seed = base64_decode(peter_skey_b64).value().substr(1);  // drop the 0x01 type byte
    write_ed25519_seed_pem(seed, dir / "peter.pem");
    return signer::from_private_key_file(dir / "peter.pem", "PeterNeumann");
}

TEST(verifier, parses_the_go_example_vkey_with_its_published_key_id) {
    auto v = verifier::from_vkey(peter_vkey);
    ASSERT_TRUE(v) << v.error().detail;
    EXPECT_EQ(v.value().name(), "PeterNeumann");
    EXPECT_EQ(v.value().key_id(), 0xc74f20a3u);
    EXPECT_EQ(v.value().vkey(), peter_vkey);
    EXPECT_EQ(verifier::from_vkey(enoch_vkey).value().key_id(), 0xaf0cfe78u);
}

TEST(verifier, rejects_every_proper_substring_and_every_single_character_change_of_a_vkey) {
    // The manglings of golang.org/x/mod/sumdb/note TestNewVerifier.
    for (std::size_t i = 0; i <= peter_vkey.size(); ++i) {
        for (std::size_t j = i + 1; j <= peter_vkey.size(); ++j) {
            if (i == 0 && j == peter_vkey.size()) continue;
            EXPECT_FALSE(verifier::from_vkey(peter_vkey.substr(i, j - i))) << peter_vkey.substr(i, j - i);
        }
    }
    for (std::size_t i = 0; i < peter_vkey.size(); ++i) {
        std::string k = peter_vkey;
        ++k[i];
        EXPECT_FALSE(verifier::from_vkey(k)) << k;
    }
}

TEST(verifier, rejects_wrong_length_and_unknown_algorithm_keys_even_with_a_matching_key_id) {
    EXPECT_FALSE(verifier::from_vkey("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=="));
    EXPECT_FALSE(verifier::from_vkey("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"));
    EXPECT_EQ(verifier::from_vkey("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW").error().code,
              "vkey_id_mismatch");
}

TEST(key_name, must_be_non_empty_utf8_without_spaces_or_plus) {
    EXPECT_TRUE(is_valid_key_name("huoli.example/audit"));
    EXPECT_TRUE(is_valid_key_name("h\xC3\xA4ly"));  // "häly"
    EXPECT_FALSE(is_valid_key_name(""));
    EXPECT_FALSE(is_valid_key_name("a+b"));
    EXPECT_FALSE(is_valid_key_name("a b"));
    EXPECT_FALSE(is_valid_key_name("a\tb"));
    EXPECT_FALSE(is_valid_key_name("a\xC2\xA0" "b"));      // no-break space
    EXPECT_FALSE(is_valid_key_name("a\xE2\x80\x83" "b"));  // em space
    EXPECT_FALSE(is_valid_key_name("a\xE3\x80\x80" "b"));  // ideographic space
    EXPECT_FALSE(is_valid_key_name("a\xFF" "b"));
}

TEST(signer, loads_a_pkcs8_pem_key_and_publishes_the_go_vkey_for_the_same_seed) {
    temp_dir dir;
    signer s = peter_signer(dir);
    EXPECT_EQ(s.vkey(), peter_vkey);
    EXPECT_EQ(s.key_id(), 0xc74f20a3u);
    EXPECT_EQ(s.to_verifier().vkey(), peter_vkey);
}

TEST(signer, signature_verifies_and_fails_for_a_changed_message_or_signature) {
    temp_dir dir;
    write_new_key_pem("ED25519", dir / "k.pem");
    signer s = signer::from_private_key_file(dir / "k.pem", "huoli.example/audit");
    verifier v = verifier::from_vkey(s.vkey()).value();
    std::string sig = s.sign("hi").value();
    ASSERT_EQ(sig.size(), 64u);
    EXPECT_TRUE(v.verify("hi", sig));
    EXPECT_FALSE(v.verify("hj", sig));
    sig[0] ^= 1;
    EXPECT_FALSE(v.verify("hi", sig));
    EXPECT_FALSE(v.verify("hi", sig.substr(1)));
}

TEST(signer, refuses_at_start_up_a_missing_file_naming_it) {
    temp_dir dir;
    try {
        signer::from_private_key_file(dir / "absent.pem", "huoli.example/audit");
        FAIL() << "no exception";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("absent.pem"), std::string::npos) << e.what();
    }
}

TEST(signer, refuses_a_file_that_is_not_a_pem_key) {
    temp_dir dir;
    std::ofstream(dir / "junk.pem") << "not a key\n";
    EXPECT_THROW(signer::from_private_key_file(dir / "junk.pem", "huoli.example/audit"), std::runtime_error);
}

TEST(signer, refuses_a_key_of_another_algorithm) {
    temp_dir dir;
    write_new_key_pem("EC", dir / "p256.pem");
    try {
        signer::from_private_key_file(dir / "p256.pem", "huoli.example/audit");
        FAIL() << "no exception";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("Ed25519"), std::string::npos) << e.what();
    }
}

TEST(signer, refuses_an_invalid_key_name) {
    temp_dir dir;
    write_new_key_pem("ED25519", dir / "k.pem");
    EXPECT_THROW(signer::from_private_key_file(dir / "k.pem", "bad name"), std::runtime_error);
}

TEST(signer, signatures_equal_the_openssl_command_line_for_a_key_it_generated) {
    if (std::system("openssl version >/dev/null 2>&1") != 0) GTEST_SKIP() << "openssl CLI not installed";
    temp_dir dir;
    auto run = [](const std::string& cmd) { return std::system((cmd + " >/dev/null 2>&1").c_str()); };
    auto q = [](const std::filesystem::path& p) { return "'" + p.string() + "'"; };
    ASSERT_EQ(run("openssl genpkey -algorithm ed25519 -out " + q(dir / "key.pem")), 0);
    std::string message = "huoli.example/audit\n42\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";
    std::ofstream(dir / "msg", std::ios::binary) << message;
    ASSERT_EQ(run("openssl pkeyutl -sign -rawin -inkey " + q(dir / "key.pem") + " -in " + q(dir / "msg") +
                  " -out " + q(dir / "cli.sig")),
              0);

    signer s = signer::from_private_key_file(dir / "key.pem", "huoli.example/audit");
    std::string ours = s.sign(message).value();
    EXPECT_EQ(ours, read_file(dir / "cli.sig"));  // Ed25519 is deterministic (RFC 8032)

    std::ofstream(dir / "ours.sig", std::ios::binary) << ours;
    ASSERT_EQ(run("openssl pkey -in " + q(dir / "key.pem") + " -pubout -out " + q(dir / "pub.pem")), 0);
    EXPECT_EQ(run("openssl pkeyutl -verify -pubin -rawin -inkey " + q(dir / "pub.pem") + " -in " + q(dir / "msg") +
                  " -sigfile " + q(dir / "ours.sig")),
              0);
}

}  // namespace
}  // namespace huoli::audit
