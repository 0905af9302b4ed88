#include "audit/merkle_tree.hpp"

#include <bit>
#include <cstring>

namespace huoli::audit {

namespace {
constexpr unsigned char state_version = 0x01;
constexpr std::size_t header_size = 1 + 8;
}  // namespace

void merkle_tree::append(const hash& leaf) {
    // Each trailing one bit of the old size is a perfect subtree of the same height as the
    // carry: merge them, exactly like binary addition of 1.
    hash carry = leaf;
    for (std::uint64_t n = size_; n & 1; n >>= 1) {
        carry = node_hash(range_.back(), carry);
        range_.pop_back();
    }
    range_.push_back(carry);
    ++size_;
}

hash merkle_tree::root() const {
    if (range_.empty()) return empty_root();
    // The split rule of RFC 9162 (largest power of two smaller than n goes left) makes the
    // root a right fold over the perfect subtrees, smallest first.
    hash r = range_.back();
    for (auto it = range_.rbegin() + 1; it != range_.rend(); ++it) r = node_hash(*it, r);
    return r;
}

std::string merkle_tree::state() const {
    std::string out;
    out.reserve(header_size + range_.size() * sizeof(hash));
    out.push_back(static_cast<char>(state_version));
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(size_ >> shift & 0xff));
    for (const auto& h : range_) out.append(reinterpret_cast<const char*>(h.data()), h.size());
    return out;
}

result<merkle_tree> merkle_tree::from_state(std::string_view bytes) {
    if (bytes.size() < header_size || static_cast<unsigned char>(bytes[0]) != state_version) {
        return error{"invalid_tree_state", "Merkle tree state has an unknown version or is truncated"};
    }
    std::uint64_t size = 0;
    for (std::size_t i = 1; i < header_size; ++i) size = size << 8 | static_cast<unsigned char>(bytes[i]);
    std::size_t count = static_cast<std::size_t>(std::popcount(size));
    if (bytes.size() != header_size + count * sizeof(hash)) {
        return error{"invalid_tree_state", "Merkle tree state length does not match its tree size"};
    }
    merkle_tree tree;
    tree.size_ = size;
    tree.range_.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
        std::memcpy(tree.range_[i].data(), bytes.data() + header_size + i * sizeof(hash), sizeof(hash));
    }
    return tree;
}

}  // namespace huoli::audit
