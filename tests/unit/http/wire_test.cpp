#include "http/wire.hpp"

#include <gtest/gtest.h>

namespace huoli::http {
namespace {

response json_response(int status, std::string body) {
    response r;
    r.status = status;
    r.headers.set("Content-Type", "application/json");
    r.body = std::move(body);
    return r;
}

std::string bytes_of(const response& r, bool head_request, bool keep_alive) {
    std::string out;
    append_response(out, r, head_request, keep_alive);
    return out;
}

TEST(wire, a_response_is_its_status_line_fields_length_and_body) {
    auto r = json_response(201, R"({"id":"x"})");
    r.headers.set("Location", "/api/v1/submissions/x");
    EXPECT_EQ(bytes_of(r, false, true),
              "HTTP/1.1 201 Created\r\n"
              "Content-Type: application/json\r\n"
              "Location: /api/v1/submissions/x\r\n"
              "Content-Length: 10\r\n"
              "\r\n"
              R"({"id":"x"})");
}

TEST(wire, a_connection_that_ends_says_so) {
    EXPECT_EQ(bytes_of(json_response(503, "{}"), false, false),
              "HTTP/1.1 503 Service Unavailable\r\n"
              "Content-Type: application/json\r\n"
              "Connection: close\r\n"
              "Content-Length: 2\r\n"
              "\r\n"
              "{}");
}

TEST(wire, head_gets_the_length_of_the_body_it_does_not_get) {
    EXPECT_EQ(bytes_of(json_response(200, "12345"), true, true),
              "HTTP/1.1 200 OK\r\n"
              "Content-Type: application/json\r\n"
              "Content-Length: 5\r\n"
              "\r\n");
}

TEST(wire, not_modified_and_no_content_have_neither_body_nor_length) {
    auto not_modified = json_response(304, "");
    not_modified.headers.set("ETag", "\"abc\"");
    EXPECT_EQ(bytes_of(not_modified, false, true), "HTTP/1.1 304 Not Modified\r\nContent-Type: application/json\r\nETag: \"abc\"\r\n\r\n");
    // A body given by mistake is not sent: the client would read it as the next response.
    EXPECT_EQ(bytes_of(json_response(204, "oops"), false, true), "HTTP/1.1 204 No Content\r\nContent-Type: application/json\r\n\r\n");
    EXPECT_EQ(bytes_of(json_response(304, "oops"), true, true), "HTTP/1.1 304 Not Modified\r\nContent-Type: application/json\r\n\r\n");
}

TEST(wire, framing_fields_are_the_connections_own) {
    auto r = json_response(200, "{}");
    r.headers.add("content-LENGTH", "999");
    r.headers.add("Connection", "keep-alive");
    r.headers.add("Transfer-Encoding", "chunked");
    EXPECT_EQ(bytes_of(r, false, false),
              "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}");
}

TEST(wire, a_field_that_would_end_its_line_is_left_out) {
    auto r = json_response(200, "{}");
    r.headers.add("X-Injected", "a\r\nSet-Cookie: b");
    r.headers.add("X-Bare-Newline", "a\nb");
    r.headers.add(std::string("X-Nul\0", 6), "v");
    r.headers.add("", "nameless");
    r.headers.add("X-Fine", "ok");
    EXPECT_EQ(bytes_of(r, false, true),
              "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Fine: ok\r\nContent-Length: 2\r\n\r\n{}");
}

TEST(wire, every_status_we_answer_with_has_its_reason_phrase_and_others_an_empty_one) {
    for (int status : {200, 201, 204, 304, 400, 401, 403, 404, 405, 406, 408, 409, 410, 411, 412, 413, 414, 415, 422,
                       428, 429, 431, 500, 501, 503, 505}) {
        EXPECT_FALSE(reason_phrase(status).empty()) << status;
    }
    EXPECT_EQ(reason_phrase(422), "Unprocessable Content");
    EXPECT_EQ(bytes_of(json_response(299, ""), false, true).substr(0, 15), "HTTP/1.1 299 \r\n");
}

TEST(wire, appends_to_what_is_already_there) {
    std::string out = "previous";
    append_response(out, json_response(200, "{}"), false, true);
    EXPECT_EQ(out.rfind("previousHTTP/1.1 200 OK\r\n", 0), 0u);
}

}  // namespace
}  // namespace huoli::http
