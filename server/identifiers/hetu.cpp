#include "identifiers/hetu.hpp"

#include <optional>

namespace huoli::identifiers {
namespace {

// 31 symbols: the remainder of DDMMYYNNN mod 31 indexes this string. G, I, O, Q and Z
// are left out to avoid confusion with digits.
constexpr std::string_view check_characters = "0123456789ABCDEFHJKLMNPRSTUVWXY";

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int digits_value(std::string_view s) {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
}

// First year of the century the sign stands for.
std::optional<int> century_of(char sign) {
    switch (sign) {
        case '+':
            return 1800;
        case '-': case 'Y': case 'X': case 'W': case 'V': case 'U':
            return 1900;
        case 'A': case 'B': case 'C': case 'D': case 'E': case 'F':
            return 2000;
        default:
            return std::nullopt;
    }
}

hetu_check failure(const char* error) {
    hetu_check r;
    r.error = error;
    return r;
}

}  // namespace

hetu_check check_hetu(std::string_view code) {
    if (code.size() != 11) return failure("format");
    for (std::size_t i : {0, 1, 2, 3, 4, 5, 7, 8, 9}) {
        if (!is_digit(code[i])) return failure("format");
    }
    const auto century = century_of(code[6]);
    if (!century) return failure("format");
    if (check_characters.find(code[10]) == std::string_view::npos) return failure("format");
    const int individual = digits_value(code.substr(7, 3));
    if (individual < 2) return failure("format");

    using namespace std::chrono;
    const year_month_day date{year{*century + digits_value(code.substr(4, 2))},
                              month{static_cast<unsigned>(digits_value(code.substr(2, 2)))},
                              day{static_cast<unsigned>(digits_value(code.substr(0, 2)))}};
    if (!date.ok()) return failure("date");

    const long number = digits_value(code.substr(0, 6)) * 1000L + individual;
    if (check_characters[static_cast<std::size_t>(number % 31)] != code[10]) {
        return failure("checksum");
    }

    hetu_check r;
    r.valid = true;
    r.birth_date = date;
    r.temporary = individual >= 900;
    return r;
}

}  // namespace huoli::identifiers
