#include "audit/note.hpp"

#include <gtest/gtest.h>

#include "audit/base64.hpp"
#include "go_note_vectors.hpp"
#include "test_keys.hpp"

namespace huoli::audit {
namespace {

using namespace test;

verifier peter() { return verifier::from_vkey(peter_vkey).value(); }
verifier enoch() { return verifier::from_vkey(enoch_vkey).value(); }

signer new_signer(const temp_dir& dir, const std::string& name) {
    write_new_key_pem("ED25519", dir / (std::to_string(std::hash<std::string>{}(name)) + ".pem"));
    return signer::from_private_key_file(dir / (std::to_string(std::hash<std::string>{}(name)) + ".pem"), name);
}

TEST(sign_note, reproduces_the_go_example_note_byte_for_byte) {
    temp_dir dir;
    std::string seed = base64_decode(peter_skey_b64).value().substr(1);
    write_ed25519_seed_pem(seed, dir / "peter.pem");
    signer s = signer::from_private_key_file(dir / "peter.pem", "PeterNeumann");
    auto note = sign_note(go_text, s);
    ASSERT_TRUE(note);
    EXPECT_EQ(note.value(), go_text + "\n" + peter_sig);
}

TEST(verify_note, opens_the_go_example_note) {
    auto opened = verify_note(go_text + "\n" + peter_sig, peter());
    ASSERT_TRUE(opened) << opened.error().detail;
    EXPECT_EQ(opened.value().text, go_text);
    EXPECT_EQ(opened.value().key_name, "PeterNeumann");
    EXPECT_EQ(opened.value().key_id, 0xc74f20a3u);
}

TEST(verify_note, ignores_signatures_by_other_keys) {
    std::string note = go_text + "\n" + peter_sig + enoch_sig;
    EXPECT_TRUE(verify_note(note, peter()));
    EXPECT_TRUE(verify_note(note, enoch()));  // the Go vectors carry a valid EnochRoot signature too
}

TEST(verify_note, rejects_a_note_without_a_signature_by_the_trusted_key) {
    EXPECT_EQ(verify_note(go_text + "\n" + enoch_sig, peter()).error().code, "unknown_key");
    temp_dir dir;
    // Same name, another key: a different key ID, so the signature is not the trusted key's.
    signer impostor = new_signer(dir, "PeterNeumann");
    std::string forged = sign_note(go_text, impostor).value();
    EXPECT_EQ(verify_note(forged, peter()).error().code, "unknown_key");
}

TEST(verify_note, rejects_a_signature_with_the_trusted_name_and_id_that_does_not_verify) {
    // From the Go tests: four characters spliced into the base64.
    std::string bad = peter_sig.substr(0, 60) + "ABCD" + peter_sig.substr(60);
    EXPECT_EQ(verify_note(go_text + "\n" + bad, peter()).error().code, "invalid_signature");
    // A valid signature line followed by a forged one by the same key still fails.
    EXPECT_EQ(verify_note(go_text + "\n" + peter_sig + bad, peter()).error().code, "invalid_signature");
}

TEST(verify_note, rejects_a_changed_text) {
    std::string text = go_text;
    text[3] = 'X';
    EXPECT_EQ(verify_note(text + "\n" + peter_sig, peter()).error().code, "invalid_signature");
}

TEST(verify_note, rejects_the_signature_of_another_text) {
    temp_dir dir;
    signer s = new_signer(dir, "huoli.example/audit");
    std::string first = sign_note("one\n", s).value();
    std::string second = sign_note("two\n", s).value();
    std::string spliced = "two\n\n" + first.substr(first.find("\xE2\x80\x94"));
    EXPECT_EQ(verify_note(spliced, s.to_verifier()).error().code, "invalid_signature");
    EXPECT_TRUE(verify_note(second, s.to_verifier()));
}

TEST(verify_note, rejects_a_flipped_bit_anywhere_in_the_signature) {
    temp_dir dir;
    signer s = new_signer(dir, "huoli.example/audit");
    std::string note = sign_note("huoli.example/audit\n1\nAAAA\n", s).value();
    auto pos = note.rfind(' ') + 1;
    std::string raw = base64_decode(note.substr(pos, note.size() - pos - 1)).value();
    for (std::size_t byte = 4; byte < raw.size(); ++byte) {
        std::string flipped = raw;
        flipped[byte] ^= 0x20;
        std::string tampered = note.substr(0, pos) + base64_encode(flipped) + "\n";
        EXPECT_EQ(verify_note(tampered, s.to_verifier()).error().code, "invalid_signature") << "byte " << byte;
    }
}

TEST(verify_note, rejects_malformed_notes) {
    const std::string bad_messages[] = {
        // The malformed messages of golang.org/x/mod/sumdb/note TestOpen.
        go_text,
        go_text + "\n",
        go_text + "\n" + peter_sig.substr(0, peter_sig.size() - 1),  // no final newline
        "\x01" + go_text + "\n" + peter_sig,
        "\xff" + go_text + "\n" + peter_sig,
        go_text + "\n" + "\xE2\x80\x94 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=",
        go_text + "\n" + peter_sig + "Unexpected line.\n",
        // And more.
        go_text + "\n" + "- PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
        go_text + "\n" + "\xE2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM\n",
        go_text + "\n" + "\xE2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/Sffc*IAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
        go_text + "\n" + "\xE2\x80\x94 PeterNeumann \n",
        go_text + "\n" + "\xE2\x80\x94 PeterNeumann x08g\n",  // shorter than a key ID
        go_text + "\n" + "\xE2\x80\x94 PeterNeumann\n",
        go_text + "\r\n" + peter_sig,
        "",
    };
    for (const auto& msg : bad_messages) {
        auto r = verify_note(msg, peter());
        ASSERT_FALSE(r) << msg;
        EXPECT_EQ(r.error().code, "malformed_note") << msg;
    }
}

TEST(verify_note, limits_the_number_of_signature_lines) {
    std::string many = go_text + "\n";
    for (int i = 0; i < 100; ++i) many += peter_sig;
    EXPECT_TRUE(verify_note(many, peter()));
    EXPECT_EQ(verify_note(many + peter_sig, peter()).error().code, "malformed_note");
}

TEST(verify_note, finds_the_signatures_after_the_last_blank_line_of_a_text_with_blank_lines) {
    temp_dir dir;
    signer s = new_signer(dir, "huoli.example/audit");
    std::string text = "first\n\nthird\n";
    auto opened = verify_note(sign_note(text, s).value(), s.to_verifier());
    ASSERT_TRUE(opened);
    EXPECT_EQ(opened.value().text, text);
}

TEST(sign_note, refuses_a_text_that_could_never_verify) {
    temp_dir dir;
    signer s = new_signer(dir, "huoli.example/audit");
    EXPECT_EQ(sign_note("abc", s).error().code, "malformed_note");
    EXPECT_EQ(sign_note("", s).error().code, "malformed_note");
    EXPECT_EQ(sign_note("a\tb\n", s).error().code, "malformed_note");
    EXPECT_EQ(sign_note("a\xff\n", s).error().code, "malformed_note");
}

}  // namespace
}  // namespace huoli::audit
