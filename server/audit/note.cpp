#include "audit/note.hpp"

#include "audit/base64.hpp"
#include "json/utf8.hpp"

namespace huoli::audit {

namespace {

constexpr std::string_view signature_prefix = "\xE2\x80\x94 ";  // em dash U+2014, space
// The spec asks verifiers to bound the work a note can cause and to accept at least 16;
// 100 is golang.org/x/mod/sumdb/note's limit.
constexpr int max_signatures = 100;

error malformed(const char* detail) { return error{"malformed_note", detail}; }

// Valid UTF-8 with no ASCII control character but newline (c2sp.org/signed-note, Format).
bool is_note_text(std::string_view s) {
    for (char c : s) {
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n') return false;
    }
    return json::is_valid_utf8(s);
}

std::string key_id_bytes(std::uint32_t id) {
    return {static_cast<char>(id >> 24), static_cast<char>(id >> 16 & 0xff), static_cast<char>(id >> 8 & 0xff),
            static_cast<char>(id & 0xff)};
}

}  // namespace

result<std::string> sign_note(std::string_view text, const signer& s) {
    if (text.empty() || text.back() != '\n') return malformed("note text does not end in a newline");
    if (!is_note_text(text)) return malformed("note text is not UTF-8 or has control characters");
    auto sig = s.sign(text);
    if (!sig) return sig.error();
    std::string out(text);
    out += '\n';
    out += signature_prefix;
    out += s.name();
    out += ' ';
    out += base64_encode(key_id_bytes(s.key_id()) + sig.value());
    out += '\n';
    return out;
}

result<verified_note> verify_note(std::string_view note, const verifier& v) {
    if (!is_note_text(note)) return malformed("note is not UTF-8 or has control characters");
    // The text ends at the last blank line; signature lines follow it.
    auto split = note.rfind("\n\n");
    if (split == std::string_view::npos) return malformed("note has no blank line before its signatures");
    std::string_view text = note.substr(0, split + 1);
    std::string_view sigs = note.substr(split + 2);
    if (sigs.empty() || sigs.back() != '\n') return malformed("note does not end with a signature line");

    int count = 0;
    bool verified = false;
    while (!sigs.empty()) {
        auto eol = sigs.find('\n');
        std::string_view line = sigs.substr(0, eol);
        sigs.remove_prefix(eol + 1);
        if (++count > max_signatures) return malformed("note has too many signatures");
        if (line.substr(0, signature_prefix.size()) != signature_prefix) {
            return malformed("signature line does not start with an em dash and a space");
        }
        line.remove_prefix(signature_prefix.size());
        auto space = line.find(' ');
        if (space == std::string_view::npos) return malformed("signature line has no key name");
        std::string_view name = line.substr(0, space);
        std::string_view b64 = line.substr(space + 1);
        auto raw = base64_decode(b64);
        if (!is_valid_key_name(name) || b64.empty() || !raw || raw->size() < 5) {
            return malformed("signature line has a bad key name or signature encoding");
        }
        std::uint32_t id = 0;
        for (int i = 0; i < 4; ++i) id = id << 8 | static_cast<unsigned char>((*raw)[i]);
        if (name != v.name() || id != v.key_id()) continue;  // another key's signature: ignored
        if (!v.verify(text, std::string_view(*raw).substr(4))) {
            return error{"invalid_signature", "a signature by the trusted key does not verify"};
        }
        verified = true;
    }
    if (!verified) return error{"unknown_key", "note has no signature by the trusted key"};
    return verified_note{std::string(text), v.name(), v.key_id()};
}

}  // namespace huoli::audit
