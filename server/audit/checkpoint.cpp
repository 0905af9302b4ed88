#include "audit/checkpoint.hpp"

#include <cassert>
#include <cstring>

#include "audit/base64.hpp"
#include "audit/note.hpp"

namespace huoli::audit {

namespace {

error malformed(const char* detail) { return error{"malformed_checkpoint", detail}; }

bool parse_size(std::string_view text, std::uint64_t& out) {
    if (text.empty() || text.size() > 20 || (text.size() > 1 && text[0] == '0')) return false;
    std::uint64_t v = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
        std::uint64_t d = static_cast<std::uint64_t>(c - '0');
        if (v > (UINT64_MAX - d) / 10) return false;
        v = v * 10 + d;
    }
    out = v;
    return true;
}

}  // namespace

std::string make_checkpoint_body(std::string_view origin, std::uint64_t size, const hash& root,
                                 const std::vector<std::string>& extensions) {
    assert(is_valid_key_name(origin));
    std::string out(origin);
    out += '\n';
    out += std::to_string(size);
    out += '\n';
    out += base64_encode(std::string_view(reinterpret_cast<const char*>(root.data()), root.size()));
    out += '\n';
    for (const auto& line : extensions) {
        assert(!line.empty() && line.find('\n') == std::string::npos);
        out += line;
        out += '\n';
    }
    return out;
}

result<checkpoint> parse_checkpoint(std::string_view body) {
    if (body.empty() || body.back() != '\n') return malformed("checkpoint does not end in a newline");
    std::vector<std::string_view> lines;
    for (std::string_view rest = body; !rest.empty();) {
        auto eol = rest.find('\n');
        lines.push_back(rest.substr(0, eol));
        rest.remove_prefix(eol + 1);
    }
    if (lines.size() < 3) return malformed("checkpoint has fewer than three lines");
    for (auto line : lines) {
        if (line.empty()) return malformed("checkpoint has an empty line");
    }
    checkpoint cp;
    cp.origin = std::string(lines[0]);
    if (!parse_size(lines[1], cp.size)) return malformed("checkpoint tree size is not a canonical decimal");
    auto root = base64_decode(lines[2]);
    if (!root || root->size() != cp.root.size()) return malformed("checkpoint root is not a base64 SHA-256 hash");
    std::memcpy(cp.root.data(), root->data(), cp.root.size());
    for (std::size_t i = 3; i < lines.size(); ++i) cp.extensions.emplace_back(lines[i]);
    return cp;
}

result<checkpoint> verify_checkpoint(std::string_view note, const verifier& v) {
    auto opened = verify_note(note, v);
    if (!opened) return opened.error();
    auto cp = parse_checkpoint(opened.value().text);
    if (!cp) return cp;
    if (cp.value().origin != v.name()) {
        return error{"origin_mismatch", "checkpoint origin is not the name of the key that signed it"};
    }
    return cp;
}

}  // namespace huoli::audit
