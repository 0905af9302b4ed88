#include "forms/format_checks.hpp"

#include "identifiers/business_id.hpp"
#include "identifiers/hetu.hpp"
#include "identifiers/phone.hpp"

namespace huoli::forms {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

int digits_value(std::string_view s) {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
}

bool valid_domain(std::string_view domain) {
    if (domain.empty() || domain.size() > 253) return false;
    std::size_t labels = 0;
    std::string_view last;
    while (true) {
        auto dot = domain.find('.');
        auto label = domain.substr(0, dot);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
        for (unsigned char c : label) {
            if (!(is_alpha(static_cast<char>(c)) || is_digit(static_cast<char>(c)) || c == '-' || c >= 0x80)) {
                return false;
            }
        }
        ++labels;
        last = label;
        if (dot == std::string_view::npos) break;
        domain.remove_prefix(dot + 1);
    }
    if (labels < 2 || last.size() < 2) return false;
    for (unsigned char c : last) {
        if (!(is_alpha(static_cast<char>(c)) || c >= 0x80)) return false;
    }
    return true;
}

std::string hetu_code(std::string_view value) {
    auto check = identifiers::check_hetu(value);
    if (check.valid) return "";
    if (check.error == "date") return "format_fi_hetu_date";
    if (check.error == "checksum") return "format_fi_hetu_checksum";
    return "format_fi_hetu";
}

}  // namespace

std::optional<std::chrono::year_month_day> parse_date(std::string_view t) {
    if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (!is_digit(t[i])) return std::nullopt;
    }
    std::chrono::year_month_day d{std::chrono::year{digits_value(t.substr(0, 4))},
                                  std::chrono::month{static_cast<unsigned>(digits_value(t.substr(5, 2)))},
                                  std::chrono::day{static_cast<unsigned>(digits_value(t.substr(8, 2)))}};
    if (!d.ok()) return std::nullopt;
    return d;
}

bool plausible_email(std::string_view text) {
    if (text.size() > 254) return false;
    auto at = text.find('@');
    if (at == std::string_view::npos || text.find('@', at + 1) != std::string_view::npos) return false;
    auto local = text.substr(0, at);
    if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.' ||
        local.find("..") != std::string_view::npos) {
        return false;
    }
    for (unsigned char c : local) {
        if (c <= 0x20 || c == 0x7f) return false;
        if (std::string_view("\"(),:;<>@[\\]").find(static_cast<char>(c)) != std::string_view::npos) return false;
    }
    return valid_domain(text.substr(at + 1));
}

std::optional<std::string> normalise_phone_number(std::string_view text) {
    auto normalised = identifiers::normalise_phone(text);
    if (!normalised) return std::nullopt;
    return std::move(normalised).value();
}

std::string check_format(std::string_view format, std::string_view value,
                         const std::function<bool(std::string_view)>& municipality_exists) {
    if (format == "date") return parse_date(value) ? "" : "format_date";
    if (format == "email") return plausible_email(value) ? "" : "format_email";
    if (format == "fi-hetu") return hetu_code(value);
    if (format == "fi-business-id") return identifiers::valid_business_id(value) ? "" : "format_fi_business_id";
    if (format == "fi-phone") return normalise_phone_number(value) ? "" : "format_fi_phone";
    if (format == "fi-municipality") {
        bool shaped = value.size() == 3 && is_digit(value[0]) && is_digit(value[1]) && is_digit(value[2]);
        if (!shaped || (municipality_exists && !municipality_exists(value))) return "format_fi_municipality";
        return "";
    }
    return "";
}

}  // namespace huoli::forms
