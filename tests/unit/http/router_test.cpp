#include "http/router.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http/problem.hpp"

namespace huoli::http {
namespace {

handler echo_params() {
    return [](const request&, const route_params& p, responder respond) {
        nlohmann::json j = p;
        respond(json_response(200, j));
    };
}

request make(std::string method, std::string path, listener_kind l = listener_kind::public_) {
    request r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.listener = l;
    return r;
}

auth::principal intake_principal() {
    auth::principal p;
    p.id = "kainuu-intake";
    p.organisation = "kainuu";
    p.roles = {auth::role::intake};
    return p;
}

TEST(router, matches_template_and_extracts_decoded_parameters) {
    router r;
    r.add({"POST", "/api/v1/items/{id}/ack", listener_kind::public_, echo_params()});
    auto res = r.dispatch_sync(make("POST", "/api/v1/items/a%2Db/ack"));
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(nlohmann::json::parse(res->body)["id"], "a-b");
    EXPECT_EQ(res->route, "/api/v1/items/{id}/ack");
}

TEST(router, unknown_path_is_problem_404) {
    router r;
    r.add({"GET", "/healthz", listener_kind::public_, echo_params()});
    auto res = r.dispatch_sync(make("GET", "/nothing"));
    EXPECT_EQ(res->status, 404);
    EXPECT_EQ(*res->headers.get("content-type"), "application/problem+json");
    EXPECT_EQ(nlohmann::json::parse(res->body)["status"], 404);
}

TEST(router, known_path_with_other_method_is_405_listing_allowed_methods) {
    router r;
    r.add({"GET", "/x", listener_kind::public_, echo_params()});
    r.add({"PUT", "/x", listener_kind::public_, echo_params()});
    auto res = r.dispatch_sync(make("DELETE", "/x"));
    EXPECT_EQ(res->status, 405);
    EXPECT_EQ(*res->headers.get("Allow"), "GET, HEAD, PUT");
}

TEST(router, head_is_answered_by_the_get_route) {
    router r;
    r.add({"GET", "/api/{id}", listener_kind::public_, echo_params()});
    auto res = r.dispatch_sync(make("HEAD", "/api/7"));
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->route, "/api/{id}");
}

TEST(router, head_is_not_answered_by_a_post_route) {
    router r;
    r.add({"POST", "/x", listener_kind::public_, echo_params()});
    auto res = r.dispatch_sync(make("HEAD", "/x"));
    EXPECT_EQ(res->status, 405);
    EXPECT_EQ(*res->headers.get("Allow"), "POST");
}

TEST(router, json_route_rejects_other_media_types_with_415) {
    router r;
    r.add({"POST", "/submit", listener_kind::public_, echo_params(), true});
    auto req = make("POST", "/submit");
    req.body = "hello";
    req.headers.set("Content-Type", "text/plain");
    EXPECT_EQ(r.dispatch_sync(req)->status, 415);
    req.headers.set("Content-Type", "Application/JSON; charset=utf-8");
    EXPECT_EQ(r.dispatch_sync(req)->status, 200);
}

TEST(router, json_route_requires_content_type_even_for_empty_post) {
    router r;
    r.add({"POST", "/submit", listener_kind::public_, echo_params(), true});
    EXPECT_EQ(r.dispatch_sync(make("POST", "/submit"))->status, 415);
}

TEST(router, routes_are_bound_to_their_listener) {
    router r;
    r.add({"GET", "/api/v1/queues", listener_kind::internal, echo_params()});
    EXPECT_EQ(r.dispatch_sync(make("GET", "/api/v1/queues"))->status, 404);
}

TEST(router, internal_request_without_principal_is_forbidden_on_every_route) {
    router r;
    r.add({"GET", "/healthz", listener_kind::internal, echo_params()});
    EXPECT_EQ(r.dispatch_sync(make("GET", "/healthz", listener_kind::internal))->status, 403);
    EXPECT_EQ(r.dispatch_sync(make("GET", "/unknown", listener_kind::internal))->status, 403);
}

TEST(router, role_restricted_route_forbids_other_roles) {
    router r;
    route audit{"GET", "/api/v1/audit/events", listener_kind::internal, echo_params()};
    audit.roles = {auth::role::auditor};
    r.add(audit);
    auto req = make("GET", "/api/v1/audit/events", listener_kind::internal);
    req.principal = intake_principal();
    EXPECT_EQ(r.dispatch_sync(req)->status, 403);
    req.principal->roles = {auth::role::auditor};
    EXPECT_EQ(r.dispatch_sync(req)->status, 200);
}

TEST(router, public_fallback_serves_only_get_and_head) {
    router r;
    r.set_public_fallback([](const request&, const route_params&, responder respond) {
        respond(json_response(200, {{"static", true}}));
    });
    EXPECT_EQ(r.dispatch_sync(make("GET", "/index.html"))->status, 200);
    EXPECT_EQ(r.dispatch_sync(make("HEAD", "/index.html"))->status, 200);
    EXPECT_EQ(r.dispatch_sync(make("POST", "/index.html"))->status, 404);
}

TEST(router, asynchronous_handler_answers_later) {
    router r;
    responder saved;
    r.add({"GET", "/slow", listener_kind::public_,
           [&saved](const request&, const route_params&, responder respond) { saved = std::move(respond); }});
    std::optional<response> got;
    r.dispatch(make("GET", "/slow"), [&got](response res) { got = std::move(res); });
    EXPECT_FALSE(got);
    saved(json_response(202, {}));
    ASSERT_TRUE(got);
    EXPECT_EQ(got->status, 202);
    EXPECT_EQ(got->route, "/slow");
}

}  // namespace
}  // namespace huoli::http
