#include "http/problem.hpp"

namespace huoli::http {

response problem(int status, const std::string& code, const std::string& title, const localized& message,
                 nlohmann::json extra) {
    nlohmann::json body = {
        {"type", "urn:huoli:problem:" + code},
        {"title", title},
        {"status", status},
        {"code", code},
        {"message", {{"fi", message.fi}, {"sv", message.sv}, {"en", message.en}}},
    };
    for (auto& [k, v] : extra.items()) body[k] = v;
    response r;
    r.status = status;
    r.headers.set("Content-Type", "application/problem+json");
    r.body = body.dump();
    r.problem_code = code;
    return r;
}

response not_found() {
    return problem(404, "not_found", "Not Found",
                   {"Sivua tai kohdetta ei löytynyt.", "Sidan eller objektet hittades inte.",
                    "The page or item was not found."});
}

response method_not_allowed(const std::string& allow) {
    auto r = problem(405, "method_not_allowed", "Method Not Allowed",
                     {"Tätä toimintoa ei voi käyttää tähän osoitteeseen.",
                      "Den här metoden kan inte användas för adressen.", "This method is not allowed here."});
    r.headers.set("Allow", allow);
    return r;
}

response unsupported_media_type(const std::string& expected) {
    return problem(415, "unsupported_media_type", "Unsupported Media Type",
                   {"Lähetyksen muoto ei kelpaa; odotettiin " + expected + ".",
                    "Formatet godtas inte; förväntade " + expected + ".",
                    "Unsupported content type; expected " + expected + "."},
                   {{"expected", expected}});
}

response payload_too_large(std::size_t limit) {
    return problem(413, "body_too_large", "Content Too Large",
                   {"Lähetys on liian suuri (enintään " + std::to_string(limit) + " tavua).",
                    "Innehållet är för stort (högst " + std::to_string(limit) + " byte).",
                    "The request body is too large (at most " + std::to_string(limit) + " bytes)."},
                   {{"limit_bytes", limit}});
}

response headers_too_large() {
    return problem(431, "headers_too_large", "Request Header Fields Too Large",
                   {"Pyynnön otsakkeet ovat liian suuret.", "Begärans huvuden är för stora.",
                    "The request headers are too large."});
}

response too_many_requests(unsigned retry_after_seconds) {
    auto r = problem(429, "rate_limited", "Too Many Requests",
                     {"Liian monta pyyntöä. Yritä hetken kuluttua uudelleen.",
                      "För många förfrågningar. Försök igen om en stund.",
                      "Too many requests. Please try again shortly."},
                     {{"retry_after_seconds", retry_after_seconds}});
    r.headers.set("Retry-After", std::to_string(retry_after_seconds));
    return r;
}

response forbidden() {
    return problem(403, "forbidden", "Forbidden",
                   {"Sinulla ei ole oikeutta tähän toimintoon.", "Du har inte behörighet till detta.",
                    "You are not allowed to do this."});
}

response bad_request(const std::string& code, const localized& message) {
    return problem(400, code, "Bad Request", message);
}

response service_unavailable(unsigned retry_after_seconds) {
    auto r = problem(503, "service_unavailable", "Service Unavailable",
                     {"Palvelu ei juuri nyt pysty käsittelemään pyyntöä. Mitään ei tallennettu; yritä uudelleen.",
                      "Tjänsten kan inte behandla begäran just nu. Ingenting sparades; försök igen.",
                      "The service cannot handle the request right now. Nothing was stored; please retry."},
                     {{"retry_after_seconds", retry_after_seconds}});
    r.headers.set("Retry-After", std::to_string(retry_after_seconds));
    return r;
}

response json_response(int status, const nlohmann::json& body) {
    response r;
    r.status = status;
    r.headers.set("Content-Type", "application/json");
    r.body = body.dump();
    return r;
}

}  // namespace huoli::http
