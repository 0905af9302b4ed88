#include "http/request_head.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace huoli::http {
namespace {

std::string code_of(const response& r) { return nlohmann::json::parse(r.body).at("code").get<std::string>(); }

request_framing with_te(std::string_view te, unsigned fields = 1) {
    request_framing f;
    f.host_fields = 1;
    f.transfer_encoding_fields = fields;
    f.transfer_encoding = te;
    return f;
}

TEST(check_framing, accepts_a_plain_request_and_exactly_chunked) {
    request_framing f;
    f.host_fields = 1;
    EXPECT_FALSE(check_framing(f));
    EXPECT_FALSE(check_framing(with_te("chunked")));
    EXPECT_FALSE(check_framing(with_te("Chunked")));
    EXPECT_FALSE(check_framing(with_te(" chunked ")));
}

TEST(check_framing, refuses_every_other_transfer_coding_with_501) {
    for (const char* te : {"gzip", "identity", "xchunked", "chunked, identity", "gzip, chunked", "chunked,", "",
                           "chunked;q=1", "deflate"}) {
        auto r = check_framing(with_te(te));
        ASSERT_TRUE(r) << te;
        EXPECT_EQ(r->status, 501) << te;
        EXPECT_EQ(code_of(*r), "unsupported_transfer_encoding") << te;
    }
}

TEST(check_framing, refuses_a_repeated_transfer_encoding_field) {
    auto r = check_framing(with_te("chunked", 2));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 501);
}

TEST(check_framing, refuses_transfer_encoding_in_http10_with_400) {
    auto f = with_te("chunked");
    f.version = 10;
    auto r = check_framing(f);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400);
    EXPECT_EQ(code_of(*r), "transfer_encoding_in_http10");
}

TEST(check_framing, two_host_fields_are_400) {
    request_framing f;
    f.host_fields = 2;
    auto r = check_framing(f);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400);
    EXPECT_EQ(code_of(*r), "duplicate_host");
}

TEST(check_framing, http11_without_host_is_400_but_http10_may_omit_it) {
    request_framing f;
    auto r = check_framing(f);
    ASSERT_TRUE(r);
    EXPECT_EQ(code_of(*r), "missing_host");
    f.version = 10;
    EXPECT_FALSE(check_framing(f));
}

TEST(split_target, origin_form_keeps_the_raw_path_and_query) {
    auto t = split_target("/api/v1/items/a%2Fb?limit=5&x");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->path, "/api/v1/items/a%2Fb");
    EXPECT_EQ(t->query, "limit=5&x");
}

TEST(split_target, absolute_form_gives_the_same_path_and_query) {
    for (const char* target : {"https://huoli.example/healthz", "HTTPS://huoli.example:8443/healthz",
                               "http://127.0.0.1/healthz"}) {
        auto t = split_target(target);
        ASSERT_TRUE(t) << target;
        EXPECT_EQ(t->path, "/healthz") << target;
        EXPECT_EQ(t->query, "") << target;
    }
    auto q = split_target("https://[::1]:9443/api/v1/queues/x/items?limit=2");
    ASSERT_TRUE(q);
    EXPECT_EQ(q->path, "/api/v1/queues/x/items");
    EXPECT_EQ(q->query, "limit=2");
}

TEST(split_target, absolute_form_with_an_empty_path_is_the_root) {
    auto t = split_target("https://huoli.example");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->path, "/");
    auto q = split_target("https://huoli.example?lang=sv");
    ASSERT_TRUE(q);
    EXPECT_EQ(q->path, "/");
    EXPECT_EQ(q->query, "lang=sv");
}

TEST(split_target, refuses_what_is_neither_origin_nor_absolute_form) {
    for (const char* target : {"", "*", "healthz", "ftp://host/x", "https://", "https:///x", "https://user@host/x"}) {
        EXPECT_FALSE(split_target(target)) << target;
    }
}

TEST(invalid_target, is_a_400_problem) {
    auto r = invalid_target();
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(code_of(r), "invalid_target");
}

}  // namespace
}  // namespace huoli::http
