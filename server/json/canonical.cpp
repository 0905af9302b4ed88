#include "json/canonical.hpp"

#include <charconv>

#include "json/utf8.hpp"

namespace huoli::json {
namespace {

// Written by hand rather than with nlohmann's dump(): that one decodes every byte of every string
// through a UTF-8 state machine and appends it on its own, and a stored notice is mostly one long
// free-text string, so it was a noticeable part of a submission's CPU. This writer copies runs of
// bytes that need no escape at once and produces exactly dump()'s bytes (tested against it);
// anything it does not handle itself (floats, strings that are not valid UTF-8) it leaves to dump().

bool needs_escape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

void append_escaped(std::string& out, const std::string& s) {
    if (!is_valid_utf8(s)) {  // never after parse_guarded; dump() replaces the bad bytes with U+FFFD
        out += nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        return;
    }
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    const char* p = s.data();
    const char* const end = p + s.size();
    while (p < end) {
        const char* run = p;
        while (p < end && !needs_escape(static_cast<unsigned char>(*p))) ++p;
        out.append(run, p);
        if (p == end) break;
        const auto c = static_cast<unsigned char>(*p++);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 0xF];
        }
    }
    out += '"';
}

template <class Integer>
void append_integer(std::string& out, Integer v) {
    char buf[24];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, end);
}

void append(std::string& out, const nlohmann::json& v) {
    switch (v.type()) {
        case nlohmann::json::value_t::object: {
            out += '{';
            bool first = true;
            for (const auto& [key, member] : v.get_ref<const nlohmann::json::object_t&>()) {
                if (!first) out += ',';
                first = false;
                append_escaped(out, key);
                out += ':';
                append(out, member);
            }
            out += '}';
            return;
        }
        case nlohmann::json::value_t::array: {
            out += '[';
            bool first = true;
            for (const auto& item : v.get_ref<const nlohmann::json::array_t&>()) {
                if (!first) out += ',';
                first = false;
                append(out, item);
            }
            out += ']';
            return;
        }
        case nlohmann::json::value_t::string:
            return append_escaped(out, v.get_ref<const std::string&>());
        case nlohmann::json::value_t::number_integer:
            return append_integer(out, v.get<nlohmann::json::number_integer_t>());
        case nlohmann::json::value_t::number_unsigned:
            return append_integer(out, v.get<nlohmann::json::number_unsigned_t>());
        case nlohmann::json::value_t::boolean:
            out += v.get<bool>() ? "true" : "false";
            return;
        case nlohmann::json::value_t::null:
            out += "null";
            return;
        default:  // floats, binary, discarded: as dump() prints them
            out += v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
}

}  // namespace

std::string canonical(const nlohmann::json& document) {
    std::string out;
    out.reserve(4096);
    append(out, document);
    return out;
}

}  // namespace huoli::json
