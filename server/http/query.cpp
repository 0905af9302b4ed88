#include "http/query.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "http/percent.hpp"
#include "http/problem.hpp"
#include "json/utf8.hpp"

namespace huoli::http {
namespace {

// C0 controls, DEL, and the C1 controls U+0080..U+009F (C2 80..C2 9F in UTF-8). `s` is valid UTF-8,
// so a C2 byte is always followed by its continuation byte.
bool has_control_character(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == 0x7f) return true;
        if (c == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x9f) return true;
    }
    return false;
}

// Percent-decodes one name or value and checks what it decodes to.
result<std::string, query_problem> decode(std::string_view raw) {
    auto octets = percent_decode_octets(raw);
    if (!octets) return query_problem::malformed_escape;
    if (!json::is_valid_utf8(*octets)) return query_problem::invalid_utf8;
    if (has_control_character(*octets)) return query_problem::control_character;
    return std::move(*octets);
}

}  // namespace

const char* to_string(query_problem p) {
    switch (p) {
        case query_problem::too_long: return "too_long";
        case query_problem::too_many_parameters: return "too_many_parameters";
        case query_problem::malformed_escape: return "malformed_escape";
        case query_problem::invalid_utf8: return "invalid_utf8";
        case query_problem::control_character: return "control_character";
        case query_problem::unknown_parameter: return "unknown_parameter";
        case query_problem::repeated_parameter: return "repeated_parameter";
        case query_problem::invalid_value: return "invalid_value";
        case query_problem::out_of_range: return "out_of_range";
    }
    return "invalid_value";
}

std::optional<std::string_view> query_params::get(std::string_view name) const {
    for (const auto& [n, v] : values_) {
        if (n == name) return std::string_view(v);
    }
    return std::nullopt;
}

result<query_params, query_error> parse_query(std::string_view query, std::initializer_list<std::string_view> allowed,
                                              const query_limits& limits) {
    if (query.size() > limits.max_bytes) return query_error{query_problem::too_long, {}, limits.max_bytes};
    query_params out;
    std::size_t pairs = 0;
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query.remove_prefix(amp == std::string_view::npos ? query.size() : amp + 1);
        if (pair.empty()) continue;
        if (++pairs > limits.max_parameters) {
            return query_error{query_problem::too_many_parameters, {}, limits.max_parameters};
        }
        const std::size_t eq = pair.find('=');
        auto name = decode(pair.substr(0, eq));
        if (!name) return query_error{name.error(), {}};
        // From here on the parameter is named by the caller's string, not by the client's bytes.
        const auto known = std::find(allowed.begin(), allowed.end(), std::string_view(name.value()));
        if (known == allowed.end()) return query_error{query_problem::unknown_parameter, {}};
        std::string parameter(*known);
        if (out.has(parameter)) return query_error{query_problem::repeated_parameter, std::move(parameter)};
        auto value = decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
        if (!value) return query_error{value.error(), std::move(parameter)};
        out.values_.emplace_back(std::move(parameter), std::move(value).value());
    }
    return out;
}

namespace {

// The sentence for `e`, in Finnish, Swedish and English. `p` is an allowed name (see parse_query).
localized message_of(const query_error& e) {
    const std::string& p = e.parameter;
    const std::string n = std::to_string(e.limit);
    const bool named = !p.empty();
    switch (e.problem) {
        case query_problem::too_long:
            return {"Kyselymerkkijono on liian pitkä (enintään " + n + " tavua).", "Frågesträngen är för lång (högst " + n + " byte).",
                    "The query string is too long (at most " + n + " bytes)."};
        case query_problem::too_many_parameters:
            return {"Kyselyssä on liian monta parametria (enintään " + n + ").",
                    "Frågan har för många parametrar (högst " + n + ").",
                    "The query has too many parameters (at most " + n + ")."};
        case query_problem::malformed_escape:
            if (!named) {
                return {"Kyselyssä on virheellinen prosenttikoodaus.", "Frågan har en ogiltig procentkodning.",
                        "The query has a malformed percent escape."};
            }
            return {"Kyselyparametrin " + p + " prosenttikoodaus on virheellinen.",
                    "Frågeparametern " + p + " har en ogiltig procentkodning.",
                    "The query parameter " + p + " has a malformed percent escape."};
        case query_problem::invalid_utf8:
            if (!named) return {"Kysely ei ole kelvollista UTF-8-tekstiä.", "Frågan är inte giltig UTF-8.", "The query is not valid UTF-8."};
            return {"Kyselyparametri " + p + " ei ole kelvollista UTF-8-tekstiä.", "Frågeparametern " + p + " är inte giltig UTF-8.",
                    "The query parameter " + p + " is not valid UTF-8."};
        case query_problem::control_character:
            if (!named) return {"Kyselyssä on ohjausmerkki.", "Frågan innehåller ett styrtecken.", "The query contains a control character."};
            return {"Kyselyparametrissa " + p + " on ohjausmerkki.", "Frågeparametern " + p + " innehåller ett styrtecken.",
                    "The query parameter " + p + " contains a control character."};
        case query_problem::unknown_parameter:
            return {"Kyselyssä on parametri, jota tämä osoite ei tunne.",
                    "Frågan har en parameter som den här adressen inte känner till.",
                    "The query has a parameter this address does not take."};
        case query_problem::repeated_parameter:
            return {"Kyselyparametri " + p + " on annettu useammin kuin kerran.",
                    "Frågeparametern " + p + " förekommer mer än en gång.", "The query parameter " + p + " is given more than once."};
        case query_problem::out_of_range:
            return {"Kyselyparametrin " + p + " arvo on sallitun alueen ulkopuolella.",
                    "Värdet för frågeparametern " + p + " ligger utanför det tillåtna intervallet.",
                    "The query parameter " + p + " is out of range."};
        case query_problem::invalid_value:
            break;
    }
    return {"Kyselyparametri " + p + " on virheellinen.", "Frågeparametern " + p + " är ogiltig.",
            "The query parameter " + p + " is invalid."};
}

}  // namespace

response invalid_query(const query_error& e) {
    const localized m = message_of(e);
    const nlohmann::json parameter = e.parameter.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.parameter);
    const nlohmann::json entry = {{"parameter", parameter},
                                  {"code", to_string(e.problem)},
                                  {"message", {{"fi", m.fi}, {"sv", m.sv}, {"en", m.en}}}};
    return problem(400, "invalid_query", "Bad Request", m,
                   {{"parameter", parameter}, {"errors", nlohmann::json::array({entry})}});
}

}  // namespace huoli::http
