// Published RFC 6962 test vectors: the eight leaves and the tree roots for sizes 1..8, with
// inclusion and consistency proofs, as in transparency-dev/merkle proof/verify_test.go (the
// same values as google/trillian merkle/log_verifier_test.go and certificate-transparency-go).
#pragma once

#include <string>
#include <vector>

#include "audit/hash.hpp"

namespace huoli::audit::test {

inline hash h(const char* hex) { return hash_from_hex(hex).value(); }

inline std::string bytes_from_hex(std::string_view hex) {
    std::string out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
    }
    return out;
}

inline std::vector<std::string> rfc6962_leaves() {
    std::vector<std::string> out;
    for (const char* hex : {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                            "606162636465666768696a6b6c6d6e6f"}) {
        out.push_back(bytes_from_hex(hex));
    }
    return out;
}

// rfc6962_roots()[n - 1] is the root of the first n leaves.
inline std::vector<hash> rfc6962_roots() {
    return {h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
            h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"),
            h("aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77"),
            h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
            h("4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4"),
            h("76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef"),
            h("ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c"),
            h("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")};
}

struct published_proof {
    std::uint64_t first;   // leaf index (0-based) for inclusion, old size for consistency
    std::uint64_t second;  // tree size for inclusion, new size for consistency
    std::vector<hash> proof;
};

inline std::vector<published_proof> rfc6962_inclusion_proofs() {
    return {
        {0, 8, {h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
                h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")}},
        {5, 8, {h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
                h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
                h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")}},
        {2, 3, {h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")}},
        {1, 5, {h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
                h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")}},
    };
}

inline std::vector<published_proof> rfc6962_consistency_proofs() {
    return {
        {1, 8, {h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
                h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")}},
        {6, 8, {h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
                h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
                h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")}},
        {2, 5, {h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")}},
        {6, 7, {h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
                h("b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f"),
                h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")}},
    };
}

// Leaf hashes of `n` distinct synthetic events, for exhaustive tests beyond the eight vectors.
inline std::vector<hash> synthetic_leaves(std::size_t n) {
    std::vector<hash> out;
    for (std::size_t i = 0; i < n; ++i) out.push_back(leaf_hash("{\"seq\":" + std::to_string(i) + "}"));
    return out;
}

// MTH straight from RFC 9162 §2.1.1, independent of merkle_tree and proof.cpp.
inline hash reference_mth(const std::vector<hash>& leaves, std::size_t begin, std::size_t end) {
    std::size_t n = end - begin;
    if (n == 0) return empty_root();
    if (n == 1) return leaves[begin];
    std::size_t k = 1;
    while (k * 2 < n) k *= 2;
    return node_hash(reference_mth(leaves, begin, begin + k), reference_mth(leaves, begin + k, end));
}

}  // namespace huoli::audit::test
