#include "audit/proof.hpp"

#include <bit>
#include <optional>

namespace huoli::audit {

namespace {

// The split point of RFC 9162 §2.1.1: the largest power of two smaller than n (n > 1).
std::uint64_t split(std::uint64_t n) { return std::bit_floor(n - 1); }

error out_of_range(const char* detail) { return error{"out_of_range", detail}; }

// PATH(m, D[begin:begin+n]) appended to `out`, deepest node first.
std::optional<error> path(std::uint64_t m, std::uint64_t begin, std::uint64_t n, const range_hasher& subtree_hash,
                          std::vector<hash>& out) {
    if (n <= 1) return std::nullopt;
    std::uint64_t k = split(n);
    result<hash> sibling = m < k ? subtree_hash(begin + k, begin + n) : subtree_hash(begin, begin + k);
    if (!sibling) return sibling.error();
    auto inner = m < k ? path(m, begin, k, subtree_hash, out) : path(m - k, begin + k, n - k, subtree_hash, out);
    if (inner) return inner;
    out.push_back(sibling.value());
    return std::nullopt;
}

// SUBPROOF(m, D[begin:begin+n], whole) appended to `out`; `whole` is RFC 9162's b: true while
// the subtree considered is still the one the old tree head itself covers.
std::optional<error> subproof(std::uint64_t m, std::uint64_t begin, std::uint64_t n, bool whole,
                              const range_hasher& subtree_hash, std::vector<hash>& out) {
    if (m == n) {
        if (whole) return std::nullopt;
        result<hash> h = subtree_hash(begin, begin + n);
        if (!h) return h.error();
        out.push_back(h.value());
        return std::nullopt;
    }
    std::uint64_t k = split(n);
    if (m <= k) {
        if (auto e = subproof(m, begin, k, whole, subtree_hash, out)) return e;
        result<hash> right = subtree_hash(begin + k, begin + n);
        if (!right) return right.error();
        out.push_back(right.value());
    } else {
        if (auto e = subproof(m - k, begin + k, n - k, false, subtree_hash, out)) return e;
        result<hash> left = subtree_hash(begin, begin + k);
        if (!left) return left.error();
        out.push_back(left.value());
    }
    return std::nullopt;
}

}  // namespace

result<hash> subtree_hash(std::uint64_t begin, std::uint64_t end, const leaf_lookup& lookup) {
    if (begin > end) return out_of_range("subtree begins after its end");
    std::uint64_t n = end - begin;
    if (n == 0) return empty_root();
    if (n == 1) return lookup(begin);
    std::uint64_t k = split(n);
    result<hash> left = subtree_hash(begin, begin + k, lookup);
    if (!left) return left;
    result<hash> right = subtree_hash(begin + k, end, lookup);
    if (!right) return right;
    return node_hash(left.value(), right.value());
}

result<std::vector<hash>> inclusion_proof_by_ranges(std::uint64_t index, std::uint64_t size,
                                                    const range_hasher& subtree_hash) {
    if (index >= size) return out_of_range("leaf index is not below the tree size");
    std::vector<hash> out;
    if (auto e = path(index, 0, size, subtree_hash, out)) return *e;
    return out;
}

result<std::vector<hash>> consistency_proof_by_ranges(std::uint64_t m, std::uint64_t n,
                                                      const range_hasher& subtree_hash) {
    if (m > n) return out_of_range("old tree size is larger than the new one");
    std::vector<hash> out;
    if (m == 0 || m == n) return out;
    if (auto e = subproof(m, 0, n, true, subtree_hash, out)) return *e;
    return out;
}

namespace {

range_hasher from_leaves(const leaf_lookup& lookup) {
    return [&lookup](std::uint64_t begin, std::uint64_t end) { return subtree_hash(begin, end, lookup); };
}

}  // namespace

result<std::vector<hash>> inclusion_proof(std::uint64_t index, std::uint64_t size, const leaf_lookup& lookup) {
    return inclusion_proof_by_ranges(index, size, from_leaves(lookup));
}

result<std::vector<hash>> consistency_proof(std::uint64_t m, std::uint64_t n, const leaf_lookup& lookup) {
    return consistency_proof_by_ranges(m, n, from_leaves(lookup));
}

}  // namespace huoli::audit
