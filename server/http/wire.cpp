#include "http/wire.hpp"

#include <charconv>

namespace huoli::http {

namespace {

bool is_ours(std::string_view name) {
    return same_field_name(name, "Content-Length") || same_field_name(name, "Connection") ||
           same_field_name(name, "Transfer-Encoding");
}

bool fits_on_a_line(std::string_view s) { return s.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos; }

void append_number(std::string& out, std::size_t n) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
    out.append(digits, end);
}

}  // namespace

std::string_view reason_phrase(int status) {
    switch (status) {
        case 100: return "Continue";
        case 200: return "OK";
        case 201: return "Created";
        case 202: return "Accepted";
        case 204: return "No Content";
        case 206: return "Partial Content";
        case 301: return "Moved Permanently";
        case 302: return "Found";
        case 303: return "See Other";
        case 304: return "Not Modified";
        case 307: return "Temporary Redirect";
        case 308: return "Permanent Redirect";
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 406: return "Not Acceptable";
        case 408: return "Request Timeout";
        case 409: return "Conflict";
        case 410: return "Gone";
        case 411: return "Length Required";
        case 412: return "Precondition Failed";
        case 413: return "Content Too Large";
        case 414: return "URI Too Long";
        case 415: return "Unsupported Media Type";
        case 416: return "Range Not Satisfiable";
        case 417: return "Expectation Failed";
        case 422: return "Unprocessable Content";
        case 428: return "Precondition Required";
        case 429: return "Too Many Requests";
        case 431: return "Request Header Fields Too Large";
        case 500: return "Internal Server Error";
        case 501: return "Not Implemented";
        case 502: return "Bad Gateway";
        case 503: return "Service Unavailable";
        case 504: return "Gateway Timeout";
        case 505: return "HTTP Version Not Supported";
        default: return "";
    }
}

void append_response(std::string& out, const response& r, bool head_request, bool keep_alive) {
    const bool bodiless = (r.status >= 100 && r.status < 200) || r.status == 204 || r.status == 304;
    // The status line and the connection's own fields fit in this; the rest is counted.
    constexpr std::size_t framing = 128;
    std::size_t size = framing + (head_request || bodiless ? 0 : r.body.size());
    for (const auto& [name, value] : r.headers.all()) size += name.size() + value.size() + 4;
    out.reserve(out.size() + size);

    out += "HTTP/1.1 ";
    append_number(out, static_cast<std::size_t>(r.status));
    out += ' ';
    out += reason_phrase(r.status);
    out += "\r\n";
    for (const auto& [name, value] : r.headers.all()) {
        if (name.empty() || is_ours(name) || !fits_on_a_line(name) || !fits_on_a_line(value)) continue;
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    }
    if (!keep_alive) out += "Connection: close\r\n";
    if (!bodiless) {
        out += "Content-Length: ";
        append_number(out, r.body.size());
        out += "\r\n";
    }
    out += "\r\n";
    if (!bodiless && !head_request) out += r.body;
}

}  // namespace huoli::http
