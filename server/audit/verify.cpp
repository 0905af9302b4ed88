#include "audit/verify.hpp"

namespace huoli::audit {

namespace {
bool lsb(std::uint64_t x) { return (x & 1) != 0; }
bool is_power_of_two(std::uint64_t x) { return x != 0 && (x & (x - 1)) == 0; }
}  // namespace

bool verify_inclusion(const hash& leaf, std::uint64_t index, std::uint64_t size, const std::vector<hash>& proof,
                      const hash& root) {
    if (index >= size) return false;                      // step 1
    std::uint64_t fn = index;                             // step 2
    std::uint64_t sn = size - 1;
    hash r = leaf;                                        // step 3
    for (const hash& p : proof) {                         // step 4
        if (sn == 0) return false;                        // 4a: the path is longer than the tree is deep
        if (lsb(fn) || fn == sn) {                        // 4b
            r = node_hash(p, r);
            if (!lsb(fn)) {
                while (!lsb(fn) && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
        } else {
            r = node_hash(r, p);
        }
        fn >>= 1;                                         // 4c
        sn >>= 1;
    }
    return sn == 0 && r == root;                          // step 5: sn != 0 means a truncated path
}

bool verify_consistency(std::uint64_t m, std::uint64_t n, const hash& root_m, const hash& root_n,
                        const std::vector<hash>& proof) {
    if (m > n) return false;
    if (m == n) return proof.empty() && root_m == root_n;
    if (m == 0) return proof.empty() && root_m == empty_root();

    if (proof.empty()) return false;                      // step 1
    std::vector<hash> path;                               // step 2
    path.reserve(proof.size() + 1);
    if (is_power_of_two(m)) path.push_back(root_m);
    path.insert(path.end(), proof.begin(), proof.end());
    std::uint64_t fn = m - 1;                             // step 3
    std::uint64_t sn = n - 1;
    while (lsb(fn)) {                                     // step 4
        fn >>= 1;
        sn >>= 1;
    }
    hash fr = path.front();                               // step 5
    hash sr = path.front();
    for (std::size_t i = 1; i < path.size(); ++i) {       // step 6
        const hash& c = path[i];
        if (sn == 0) return false;                        // 6a
        if (lsb(fn) || fn == sn) {                        // 6b
            fr = node_hash(c, fr);
            sr = node_hash(c, sr);
            if (!lsb(fn)) {
                while (!lsb(fn) && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
        } else {
            sr = node_hash(sr, c);
        }
        fn >>= 1;                                         // 6c
        sn >>= 1;
    }
    return fr == root_m && sr == root_n && sn == 0;       // step 7
}

}  // namespace huoli::audit
