// libFuzzer target for the signed-note and checkpoint parsers (audit/note.hpp,
// audit/checkpoint.hpp): what an auditor's tool or a witness is handed may be anything. Any
// byte string must verify, or be refused with one of the documented codes, never crash. A text
// the server would sign must verify after signing and give back the same text.
// Built by run_fuzz.sh with clang++-14.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "audit/checkpoint.hpp"
#include "audit/note.hpp"
#include "audit/note_key.hpp"

namespace {

constexpr const char* key_name = "huoli.fuzz/audit";

struct keys {
    std::optional<huoli::audit::signer> signer;
    std::optional<huoli::audit::verifier> verifier;
};

// A fixed Ed25519 key, written once to a PEM file (the only way signer loads one).
keys make_keys() {
    unsigned char seed[32];
    for (int i = 0; i < 32; ++i) seed[i] = static_cast<unsigned char>(i * 7 + 1);
    EVP_PKEY* pkey = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed, sizeof seed);
    if (!pkey) std::abort();
    char path[] = "/tmp/huoli-fuzz-note-XXXXXX";
    const int fd = mkstemp(path);
    FILE* f = fdopen(fd, "w");
    if (!f || PEM_write_PrivateKey(f, pkey, nullptr, nullptr, 0, nullptr, nullptr) != 1) std::abort();
    std::fclose(f);
    huoli::audit::ed25519_public_key pub{};
    std::size_t len = pub.size();
    if (EVP_PKEY_get_raw_public_key(pkey, pub.data(), &len) != 1) std::abort();
    EVP_PKEY_free(pkey);
    keys k;
    k.signer.emplace(huoli::audit::signer::from_private_key_file(path, key_name));
    std::remove(path);
    auto v = huoli::audit::verifier::from_public_key(key_name, pub);
    if (!v) std::abort();
    k.verifier.emplace(std::move(v).value());
    return k;
}

const keys& the_keys() {
    static const keys k = make_keys();
    return k;
}

void expect_code(const std::string& code, std::initializer_list<const char*> allowed) {
    for (const char* a : allowed) {
        if (code == a) return;
    }
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const keys& k = the_keys();

    auto note = huoli::audit::verify_note(input, *k.verifier);
    if (!note) expect_code(note.error().code, {"malformed_note", "unknown_key", "invalid_signature"});

    auto body = huoli::audit::parse_checkpoint(input);
    if (body && huoli::audit::is_valid_key_name(body.value().origin)) {
        // What parses re-serialises to the same text.
        if (huoli::audit::make_checkpoint_body(body.value().origin, body.value().size, body.value().root,
                                               body.value().extensions) != input) {
            std::abort();
        }
    } else if (!body) {
        expect_code(body.error().code, {"malformed_checkpoint"});
    }

    auto cp = huoli::audit::verify_checkpoint(input, *k.verifier);
    if (!cp) {
        expect_code(cp.error().code,
                    {"malformed_note", "unknown_key", "invalid_signature", "malformed_checkpoint", "origin_mismatch"});
    }

    // Round trip: whatever the server agrees to sign verifies and gives the text back.
    auto signed_note = huoli::audit::sign_note(input, *k.signer);
    if (signed_note) {
        auto opened = huoli::audit::verify_note(signed_note.value(), *k.verifier);
        if (!opened || opened.value().text != input || opened.value().key_name != key_name) std::abort();
    } else {
        expect_code(signed_note.error().code, {"malformed_note"});
    }
    return 0;
}
