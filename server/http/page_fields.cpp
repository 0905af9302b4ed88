#include "http/page_fields.hpp"

#include <stdexcept>

namespace huoli::http {

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char ch : text) {
        switch (ch) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += ch;
        }
    }
    return out;
}

std::string fill_page_fields(std::string_view html, const field_values& values, std::string_view page) {
    static constexpr std::string_view marker = "data-operator=\"";
    std::string out;
    out.reserve(html.size());
    std::size_t pos = 0;
    for (auto at = html.find(marker); at != std::string_view::npos; at = html.find(marker, pos)) {
        const auto name_start = at + marker.size();
        const auto name_end = html.find('"', name_start);
        const auto text_start = name_end == std::string_view::npos ? name_end : html.find('>', name_end);
        const auto text_end = text_start == std::string_view::npos ? text_start : html.find('<', text_start);
        if (text_end == std::string_view::npos) {
            throw std::runtime_error(std::string(page) + ": an element marked data-operator is not closed");
        }
        const auto name = html.substr(name_start, name_end - name_start);
        const auto value = values(name);
        if (!value) throw std::runtime_error(std::string(page) + ": unknown data-operator field \"" + std::string(name) + "\"");
        out.append(html.substr(pos, text_start + 1 - pos));
        out += html_escape(*value);
        pos = text_end;
    }
    out.append(html.substr(pos));
    return out;
}

}  // namespace huoli::http
