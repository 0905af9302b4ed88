// A value or an error, for the request path where exceptions are not used.
//
// std::expected arrives only with C++23; this is the small subset Huoli needs.
// Contract: value() on an error, or error() on a value, is a programming error (asserted).
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace huoli {

// A failure a caller can act on: a stable machine code, and an English detail for
// operators. Never put personal data into `detail`: it may reach a log.
struct error {
    std::string code;
    std::string detail;
};

// [[nodiscard]]: a result dropped on the floor is an error nobody handled (issue 17 § 2).
template <class T, class E = error>
class [[nodiscard]] result {
public:
    result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
    result(E err) : v_(std::in_place_index<1>, std::move(err)) {}

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { assert(ok()); return std::get<0>(v_); }
    const T& value() const& { assert(ok()); return std::get<0>(v_); }
    T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
    const E& error() const { assert(!ok()); return std::get<1>(v_); }

private:
    std::variant<T, E> v_;
};

// For operations that produce nothing but may fail.
struct unit {};
using status = result<unit>;
inline status ok_status() { return unit{}; }

}  // namespace huoli
