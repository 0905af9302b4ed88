#include "http/static_files.hpp"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace huoli::http {
namespace {

namespace fs = std::filesystem;

class static_files_test : public ::testing::Test {
protected:
    void SetUp() override {
        base_ = fs::temp_directory_path() / ("huoli-static-" + std::to_string(::getpid()) + "-" +
                                             ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(base_);
        fs::create_directories(base_ / "root/fi");
        write(base_ / "root/index.html", "<!doctype html>root");
        write(base_ / "root/fi/index.html", "<!doctype html>fi");
        write(base_ / "root/app.js", "console.log(1)");
        write(base_ / "secret.txt", "outside the root");
        fs::create_symlink(base_ / "secret.txt", base_ / "root/leak.txt");
    }
    void TearDown() override { fs::remove_all(base_); }
    static void write(const fs::path& p, const std::string& s) { std::ofstream(p) << s; }
    response get(const static_files& files, const std::string& path) {
        request r;
        r.method = "GET";
        r.path = path;
        return files.serve(r);
    }
    fs::path base_;
};

TEST_F(static_files_test, serves_index_with_media_type_and_etag) {
    static_files files(base_ / "root");
    auto r = get(files, "/");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "<!doctype html>root");
    EXPECT_EQ(*r.headers.get("Content-Type"), "text/html; charset=utf-8");
    EXPECT_TRUE(r.headers.has("ETag"));
    EXPECT_TRUE(r.cacheable);
    EXPECT_EQ(*get(files, "/app.js").headers.get("Content-Type"), "text/javascript; charset=utf-8");
    EXPECT_EQ(get(files, "/fi/").body, "<!doctype html>fi");
}

TEST_F(static_files_test, directory_without_slash_redirects) {
    static_files files(base_ / "root");
    auto r = get(files, "/fi");
    EXPECT_EQ(r.status, 301);
    EXPECT_EQ(*r.headers.get("Location"), "/fi/");
}

TEST_F(static_files_test, matching_if_none_match_gives_304) {
    static_files files(base_ / "root");
    auto first = get(files, "/index.html");
    request r;
    r.method = "GET";
    r.path = "/index.html";
    r.headers.set("If-None-Match", std::string(*first.headers.get("ETag")));
    auto again = files.serve(r);
    EXPECT_EQ(again.status, 304);
    EXPECT_TRUE(again.body.empty());
}

TEST_F(static_files_test, traversal_attempts_never_leave_the_root) {
    static_files files(base_ / "root");
    for (const char* path : {"/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt",
                             "/fi/../../secret.txt", "//secret.txt", "/fi/..%5c..%5csecret.txt", "/./index.html",
                             "/leak.txt", "/%00", "/index.html%00.js"}) {
        auto r = get(files, path);
        EXPECT_EQ(r.status, 404) << path;
        EXPECT_EQ(r.body.find("outside the root"), std::string::npos) << path;
    }
}

TEST_F(static_files_test, unreadable_root_stops_start_up) {
    EXPECT_THROW(static_files(base_ / "missing"), std::runtime_error);
}

}  // namespace
}  // namespace huoli::http
