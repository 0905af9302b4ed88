#include "audit/hash.hpp"

#include <gtest/gtest.h>

#include "audit/base64.hpp"

namespace huoli::audit {
namespace {

TEST(hash, empty_root_is_sha256_of_the_empty_string) {
    EXPECT_EQ(to_hex(empty_root()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(hash, leaf_hash_of_empty_leaf_matches_rfc6962_vector) {
    EXPECT_EQ(to_hex(leaf_hash("")), "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
}

TEST(hash, leaf_and_node_hashes_are_domain_separated) {
    hash a = leaf_hash("a");
    hash b = leaf_hash("b");
    std::string concatenated(reinterpret_cast<const char*>(a.data()), 32);
    concatenated.append(reinterpret_cast<const char*>(b.data()), 32);
    EXPECT_NE(node_hash(a, b), leaf_hash(concatenated));
    EXPECT_NE(node_hash(a, b), node_hash(b, a));
}

TEST(hash, hex_round_trips_and_rejects_bad_text) {
    hash x = leaf_hash("x");
    EXPECT_EQ(hash_from_hex(to_hex(x)), x);
    EXPECT_FALSE(hash_from_hex(to_hex(x).substr(1)));
    EXPECT_FALSE(hash_from_hex(std::string(63, '0') + "g"));
}

TEST(base64, round_trips_every_length_modulo_three) {
    for (std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
        EXPECT_EQ(base64_decode(base64_encode(s)), s);
    }
    EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");  // RFC 4648 §10
    EXPECT_EQ(base64_encode("fooba"), "Zm9vYmE=");
    EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
}

TEST(base64, rejects_non_canonical_and_malformed_text) {
    EXPECT_FALSE(base64_decode("Zm9vYg="));    // length not a multiple of four
    EXPECT_FALSE(base64_decode("Zm9vYh=="));   // unused bits set
    EXPECT_FALSE(base64_decode("Zm9vYmF="));   // unused bits set
    EXPECT_FALSE(base64_decode("Zm=vYmFy"));   // padding in the middle
    EXPECT_FALSE(base64_decode("Zm9v YmE"));   // whitespace
    EXPECT_FALSE(base64_decode("Zm9v-mFy"));   // URL alphabet
    EXPECT_FALSE(base64_decode("===="));
}

}  // namespace
}  // namespace huoli::audit
