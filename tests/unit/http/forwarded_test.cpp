#include "http/forwarded.hpp"

#include <gtest/gtest.h>

namespace huoli::http {
namespace {

trusted_proxies proxies(std::initializer_list<const char*> list) {
    std::vector<ip_prefix> out;
    for (const char* p : list) out.push_back(*ip_prefix::parse(p));
    return trusted_proxies(std::move(out));
}

TEST(ip_prefix, parses_addresses_and_prefixes_of_both_families) {
    EXPECT_TRUE(ip_prefix::parse("10.0.0.7"));
    EXPECT_TRUE(ip_prefix::parse("10.0.0.0/8"));
    EXPECT_TRUE(ip_prefix::parse("2001:db8::/32"));
    EXPECT_TRUE(ip_prefix::parse("::1"));
    for (const char* bad : {"", "10.0.0", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x", "2001:db8::/129", "host.example",
                            "10.0.0.1 "}) {
        EXPECT_FALSE(ip_prefix::parse(bad)) << bad;
    }
}

TEST(ip_prefix, contains_only_addresses_under_its_prefix) {
    auto p = *ip_prefix::parse("192.168.4.0/22");
    EXPECT_TRUE(p.contains(*ip_address::parse("192.168.7.255")));
    EXPECT_FALSE(p.contains(*ip_address::parse("192.168.8.0")));
    EXPECT_FALSE(p.contains(*ip_address::parse("2001:db8::1")));
    auto v6 = *ip_prefix::parse("2001:db8:ab00::/40");
    EXPECT_TRUE(v6.contains(*ip_address::parse("2001:db8:abff::1")));
    EXPECT_FALSE(v6.contains(*ip_address::parse("2001:db8:ac00::1")));
}

TEST(ip_prefix, an_ipv4_mapped_peer_is_the_ipv4_address) {
    auto p = *ip_prefix::parse("10.1.2.3");
    EXPECT_TRUE(p.contains(*ip_address::parse("::ffff:10.1.2.3")));
}

TEST(forwarded_client, headers_from_an_untrusted_peer_are_ignored) {
    const auto t = proxies({"10.0.0.1"});
    EXPECT_EQ(forwarded_client("198.51.100.7", "for=192.0.2.1", "192.0.2.2", t), "198.51.100.7");
    EXPECT_EQ(forwarded_client("198.51.100.7", "", "", trusted_proxies{}), "198.51.100.7");
}

TEST(forwarded_client, a_trusted_proxy_names_the_client_in_x_forwarded_for) {
    const auto t = proxies({"10.0.0.1"});
    EXPECT_EQ(forwarded_client("10.0.0.1", "", "192.0.2.44", t), "192.0.2.44");
    // The client's own entries come first: only the rightmost one, added by our proxy, counts.
    EXPECT_EQ(forwarded_client("10.0.0.1", "", "1.1.1.1, 6.6.6.6 , 192.0.2.44", t), "192.0.2.44");
}

TEST(forwarded_client, a_chain_of_trusted_proxies_is_walked_right_to_left) {
    const auto t = proxies({"10.0.0.0/8"});
    EXPECT_EQ(forwarded_client("10.0.0.1", "", "203.0.113.9, 10.2.3.4", t), "203.0.113.9");
    EXPECT_EQ(forwarded_client("10.0.0.1", "", "10.9.9.9, 10.2.3.4", t), "10.9.9.9");
}

TEST(forwarded_client, forwarded_wins_and_its_for_nodes_lose_ports_and_quotes) {
    const auto t = proxies({"10.0.0.1"});
    EXPECT_EQ(forwarded_client("10.0.0.1", "for=192.0.2.60;proto=https;by=10.0.0.1", "203.0.113.1", t), "192.0.2.60");
    EXPECT_EQ(forwarded_client("10.0.0.1", R"(for="[2001:db8:cafe::17]:4711")", "", t), "2001:db8:cafe::17");
    EXPECT_EQ(forwarded_client("10.0.0.1", R"(For="192.0.2.43:47011", for=198.51.100.17)", "", t), "198.51.100.17");
}

TEST(forwarded_client, an_obfuscated_node_is_one_client_as_written) {
    const auto t = proxies({"10.0.0.1"});
    EXPECT_EQ(forwarded_client("10.0.0.1", "for=unknown", "", t), "unknown");
    EXPECT_EQ(forwarded_client("10.0.0.1", "for=_hidden", "", t), "_hidden");
    const std::string huge(500, 'x');
    EXPECT_EQ(forwarded_client("10.0.0.1", "", huge, t).size(), 64u);
}

TEST(forwarded_client, a_trusted_peer_without_headers_is_itself_the_client) {
    const auto t = proxies({"10.0.0.1"});
    EXPECT_EQ(forwarded_client("10.0.0.1", "", "", t), "10.0.0.1");
    EXPECT_EQ(forwarded_client("10.0.0.1", "proto=https", "", t), "10.0.0.1");
}

}  // namespace
}  // namespace huoli::http
