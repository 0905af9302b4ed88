#include "json/guarded_parse.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <exception>
#include <iterator>
#include <optional>
#include <system_error>
#include <vector>

#if defined(__clang__)
// RapidJSON 1.1.0 adds to its stack pointer before the stack's first allocation (null + n, only
// ever compared), which clang's UBSan reports in the fuzz build; nothing is dereferenced.
#pragma clang attribute push(__attribute__((no_sanitize("pointer-overflow"))), apply_to = function)
#endif
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#if defined(__clang__)
#pragma clang attribute pop
#endif

#include "json/pointer.hpp"
#include "json/utf8.hpp"

namespace huoli::json {
namespace {

using njson = nlohmann::json;

// Largest magnitude an IEEE double holds exactly; beyond it a JavaScript client (and
// any double-based consumer) would silently change the number (RFC 7493 section 2.2).
constexpr std::uint64_t max_exact_integer = std::uint64_t{1} << 53;

// A char iterator that records how many bytes the parser has consumed, because the SAX
// interface does not tell the handler where the current token is.
class counting_iterator {
public:
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;

    counting_iterator(const char* p, const char* begin, std::size_t* consumed)
        : p_(p), begin_(begin), consumed_(consumed) {}
    reference operator*() const { return *p_; }
    counting_iterator& operator++() {
        ++p_;
        *consumed_ = static_cast<std::size_t>(p_ - begin_);
        return *this;
    }
    counting_iterator operator++(int) {
        auto old = *this;
        ++*this;
        return old;
    }
    bool operator==(const counting_iterator& o) const { return p_ == o.p_; }
    bool operator!=(const counting_iterator& o) const { return p_ != o.p_; }

private:
    const char* p_;
    const char* begin_;
    std::size_t* consumed_;
};

// True for a number token with neither fraction nor exponent: an integer literal that
// nlohmann only handed over as a double because it overflowed 64 bits.
bool is_integer_literal(const std::string& text) {
    return text.find_first_of(".eE") == std::string::npos;
}

// Builds the document like nlohmann's json_sax_dom_parser, enforcing the limits before
// each value is stored. Every method returning false aborts the parse at once.
class guarded_handler {
public:
    guarded_handler(const parse_limits& limits, const std::size_t& consumed)
        : limits_(limits), consumed_(consumed) {}

    bool null() { return put(njson(nullptr)) != nullptr; }
    bool boolean(bool v) { return put(njson(v)) != nullptr; }
    bool number_integer(njson::number_integer_t v) {
        const std::uint64_t magnitude =
            v < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
        if (magnitude > max_exact_integer) return fail("number_out_of_range", value_pointer());
        return put(njson(v)) != nullptr;
    }
    bool number_unsigned(njson::number_unsigned_t v) {
        if (v > max_exact_integer) return fail("number_out_of_range", value_pointer());
        return put(njson(v)) != nullptr;
    }
    bool number_float(njson::number_float_t v, const njson::string_t& text) {
        if (!std::isfinite(v) || is_integer_literal(text)) {
            return fail("number_out_of_range", value_pointer());
        }
        return put(njson(v)) != nullptr;
    }
    bool string(njson::string_t& s) {
        if (s.size() > limits_.max_string_bytes) return fail("string_too_long", value_pointer());
        // nlohmann's lexer already refuses ill-formed UTF-8; checked again so that this
        // guarantee does not rest on a library detail.
        if (!is_valid_utf8(s)) return fail("invalid_utf8", value_pointer());
        return put(njson(std::move(s))) != nullptr;
    }
    bool binary(njson::binary_t&) { return fail("invalid_json", value_pointer()); }

    bool start_object(std::size_t) { return open(njson::object()); }
    bool start_array(std::size_t) { return open(njson::array()); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool key(njson::string_t& k) {
        frame& f = stack_.back();
        // Pointers never carry an over-long or ill-formed key: they end up in JSON
        // responses, and nlohmann refuses to serialise invalid UTF-8.
        if (k.size() > limits_.max_string_bytes) return fail("string_too_long", container_pointer());
        if (!is_valid_utf8(k)) return fail("invalid_utf8", container_pointer());
        if (f.count >= limits_.max_object_members) {
            return fail("too_many_members", container_pointer() + "/" + escape_pointer_token(k));
        }
        if (f.node->contains(k)) {
            return fail("duplicate_key", container_pointer() + "/" + escape_pointer_token(k));
        }
        ++f.count;
        f.key = std::move(k);
        return true;
    }

    bool parse_error(std::size_t position, const std::string&, const njson::exception& ex) {
        // nlohmann's message ends with "; last read: '<input>'": only the part before it
        // is looked at, so the client's bytes cannot choose the code.
        std::string code = "invalid_json";
        std::string_view what = ex.what();
        what = what.substr(0, what.find("; last read"));
        if (ex.id == 406) {
            code = "number_out_of_range";
        } else if (what.find("ill-formed UTF-8") != std::string_view::npos ||
                   what.find("surrogate U+") != std::string_view::npos) {
            code = "invalid_utf8";
        }
        record(std::move(code), value_pointer(), position > 0 ? position - 1 : 0);
        return false;
    }

    bool failed() const { return failed_; }
    const huoli::json::parse_error& error() const { return error_; }
    njson& root() { return root_; }

private:
    struct frame {
        njson* node;
        std::string segment;    // "/token" of this container in its parent; "" for the root
        std::size_t count = 0;  // items so far (array) or members so far (object)
        std::string key;        // object: the key of the value that comes next
    };

    // Built only when an error is reported, so deep documents cost no quadratic memory.
    std::string container_pointer() const {
        std::string out;
        for (const frame& f : stack_) out += f.segment;
        return out;
    }

    std::string next_segment() const {
        const frame& f = stack_.back();
        if (f.node->is_array()) return "/" + std::to_string(f.count);
        return "/" + escape_pointer_token(f.key);
    }

    // Pointer of the value about to arrive (also where a lexer error happened).
    std::string value_pointer() const {
        if (stack_.empty()) return {};
        return container_pointer() + next_segment();
    }

    // Stores a value in the current container; nullptr if a limit refused it.
    njson* put(njson&& v) {
        if (stack_.empty()) {
            if (!v.is_object()) return fail_null("not_an_object", "");
            ++values_;
            root_ = std::move(v);
            return &root_;
        }
        if (++values_ > limits_.max_total_values) return fail_null("too_many_values", value_pointer());
        frame& f = stack_.back();
        if (f.node->is_array()) {
            if (f.count >= limits_.max_array_items) return fail_null("too_many_items", value_pointer());
            ++f.count;
            f.node->push_back(std::move(v));
            return &f.node->back();
        }
        njson& slot = (*f.node)[f.key];
        slot = std::move(v);
        return &slot;
    }

    bool open(njson&& container) {
        if (stack_.size() + 1 > limits_.max_depth) return fail("too_deep", value_pointer());
        std::string segment = stack_.empty() ? std::string() : next_segment();
        njson* node = put(std::move(container));
        if (node == nullptr) return false;
        stack_.push_back(frame{node, std::move(segment)});
        return true;
    }

    bool close() {
        stack_.pop_back();
        return true;
    }

    void record(std::string code, std::string pointer, std::size_t offset) {
        if (failed_) return;  // keep the first cause
        failed_ = true;
        error_ = {std::move(code), std::move(pointer), offset};
    }
    bool fail(std::string code, std::string pointer) {
        record(std::move(code), std::move(pointer), consumed_);
        return false;
    }
    njson* fail_null(std::string code, std::string pointer) {
        fail(std::move(code), std::move(pointer));
        return nullptr;
    }

    const parse_limits& limits_;
    const std::size_t& consumed_;
    std::vector<frame> stack_;
    njson root_;
    std::size_t values_ = 0;
    bool failed_ = false;
    huoli::json::parse_error error_;
};

// RapidJSON's SAX events, turned into guarded_handler's. nlohmann's lexer copies every byte
// twice (the token and the text kept for error messages) and was ~8% of a submission's CPU; RapidJSON
// reads the same 4 KB several times faster. Numbers arrive as text and are converted as nlohmann
// does (a leading '-' makes a signed integer, '.', 'e' or 'E' a double), so the document is the
// same; whatever RapidJSON or a limit refuses goes back through the nlohmann path, which alone
// reports errors (code, pointer, offset).
class rapid_events {
public:
    explicit rapid_events(guarded_handler& h) : h_(h) {}

    bool Null() { return h_.null(); }
    bool Bool(bool v) { return h_.boolean(v); }
    // Not called with kParseNumbersAsStringsFlag.
    bool Int(int) { return false; }
    bool Uint(unsigned) { return false; }
    bool Int64(std::int64_t) { return false; }
    bool Uint64(std::uint64_t) { return false; }
    bool Double(double) { return false; }
    bool RawNumber(const char* text, rapidjson::SizeType length, bool) {
        const char* const end = text + length;
        if (std::any_of(text, end, [](char c) { return c == '.' || c == 'e' || c == 'E'; })) {
            double v = 0;
            const auto [stop, ec] = std::from_chars(text, end, v);
            if (ec != std::errc() || stop != end) return false;
            njson::string_t literal(text, length);
            return h_.number_float(v, literal);
        }
        if (length > 0 && *text == '-') {
            std::int64_t v = 0;
            const auto [stop, ec] = std::from_chars(text, end, v);
            return ec == std::errc() && stop == end && h_.number_integer(v);
        }
        std::uint64_t v = 0;
        const auto [stop, ec] = std::from_chars(text, end, v);
        return ec == std::errc() && stop == end && h_.number_unsigned(v);
    }
    bool String(const char* s, rapidjson::SizeType length, bool) {
        njson::string_t v(s, length);
        return h_.string(v);
    }
    bool Key(const char* s, rapidjson::SizeType length, bool) {
        njson::string_t k(s, length);
        return h_.key(k);
    }
    bool StartObject() { return h_.start_object(0); }
    bool EndObject(rapidjson::SizeType) { return h_.end_object(); }
    bool StartArray() { return h_.start_array(0); }
    bool EndArray(rapidjson::SizeType) { return h_.end_array(); }

private:
    guarded_handler& h_;
};

// The document, or nothing when RapidJSON or a limit refused it (the caller then takes the
// nlohmann path for the error). Iterative, so deep nesting costs no stack before the depth limit.
std::optional<njson> parse_fast(std::string_view body, const parse_limits& limits) {
    try {
        std::size_t no_offsets = 0;
        guarded_handler handler(limits, no_offsets);
        rapid_events events(handler);
        rapidjson::MemoryStream in(body.data(), body.size());
        rapidjson::Reader reader;
        // No kParseValidateEncodingFlag: the handler checks every string and key for UTF-8 itself
        // (and must, as RapidJSON writes a lone low surrogate escape out as ill-formed UTF-8).
        constexpr unsigned flags = rapidjson::kParseIterativeFlag | rapidjson::kParseNumbersAsStringsFlag;
        if (!reader.Parse<flags>(in, events) || handler.failed()) return std::nullopt;
        return std::move(handler.root());
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

}  // namespace

result<nlohmann::json, parse_error> parse_guarded(std::string_view body, const parse_limits& limits) {
    if (body.size() > limits.max_bytes) return parse_error{"body_too_large", "", limits.max_bytes};
    // JSON text never contains a raw NUL (inside strings it must be escaped), but
    // nlohmann's lexer reads one as end of input and would ignore whatever follows.
    if (const auto nul = body.find('\0'); nul != std::string_view::npos) {
        return parse_error{"invalid_json", "", nul};
    }
    if (auto document = parse_fast(body, limits)) return std::move(*document);
    std::size_t consumed = 0;
    try {
        guarded_handler handler(limits, consumed);
        const char* begin = body.data();
        const bool ok = njson::sax_parse(counting_iterator(begin, begin, &consumed),
                                         counting_iterator(begin + body.size(), begin, &consumed),
                                         &handler, njson::input_format_t::json, /*strict=*/true,
                                         /*ignore_comments=*/false);
        if (handler.failed()) return handler.error();
        if (!ok) return parse_error{"invalid_json", "", consumed};
        return std::move(handler.root());
    } catch (const std::exception&) {
        // The handler returning false keeps nlohmann from throwing; this is only for
        // allocation failure or a library surprise, which must not take the server down.
        return parse_error{"invalid_json", "", consumed};
    }
}

}  // namespace huoli::json
