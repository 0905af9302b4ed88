#include "audit/tree_store.hpp"

#include <bit>
#include <cstring>

#include <SQLiteCpp/Statement.h>

#include "audit/proof.hpp"

namespace huoli::audit {
namespace {

constexpr std::uint64_t chunk = std::uint64_t{1} << tree_store::chunk_level;

error sqlite_failed(const char* during, const SQLite::Exception& e) {
    // SQLite's own message could quote values; the result code names the failure well enough.
    return error{"storage_unavailable", std::string(during) + ": SQLite error " + std::to_string(e.getErrorCode())};
}

stored_checkpoint read_checkpoint(SQLite::Statement& q) {
    stored_checkpoint c;
    c.size = static_cast<std::uint64_t>(q.getColumn(0).getInt64());
    if (auto h = hash_from_blob(q.getColumn(1).getBlob(), q.getColumn(1).getBytes())) c.root = *h;
    c.note = q.getColumn(2).getString();
    c.created_at = q.getColumn(3).getString();
    return c;
}

}  // namespace

std::optional<hash> hash_from_blob(const void* data, int size) {
    if (data == nullptr || size != 32) return std::nullopt;
    hash h;
    std::memcpy(h.data(), data, h.size());
    return h;
}

result<merkle_tree> tree_store::load() {
    try {
        SQLite::Statement q(db_, "SELECT state FROM audit_tree WHERE id = 1");
        if (!q.executeStep()) return merkle_tree{};
        const auto& c = q.getColumn(0);
        return merkle_tree::from_state(std::string(static_cast<const char*>(c.getBlob()), c.getBytes()));
    } catch (const SQLite::Exception& e) {
        return sqlite_failed("loading the audit tree", e);
    }
}

result<std::vector<hash>> tree_store::new_leaf_hashes(std::uint64_t tree_size, std::uint64_t max) {
    try {
        SQLite::Statement q(db_, "SELECT seq, event FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?");
        q.bind(1, static_cast<std::int64_t>(tree_size));
        q.bind(2, static_cast<std::int64_t>(max));
        std::vector<hash> leaves;
        while (q.executeStep()) {
            const std::uint64_t index = tree_size + leaves.size();
            // seq is AUTOINCREMENT and events are never deleted, so leaf i is the event with seq i + 1.
            if (static_cast<std::uint64_t>(q.getColumn(0).getInt64()) != index + 1) {
                return error{"audit_gap", "audit event seq " + std::to_string(index + 1) + " is missing"};
            }
            leaves.push_back(leaf_hash(q.getColumn(1).getString()));
        }
        return leaves;
    } catch (const SQLite::Exception& e) {
        return sqlite_failed("reading new audit events", e);
    }
}

status tree_store::append_leaves(merkle_tree& tree, const std::vector<hash>& leaves) {
    try {
        // Prepared once for the batch: preparing it for each leaf cost more than the insert, all of
        // it while the store's writer waits for the lock.
        SQLite::Statement insert(db_, "INSERT INTO audit_tree_nodes (level, idx, hash) VALUES (?, ?, ?)");
        for (const hash& h : leaves) {
            const std::uint64_t index = tree.size();
            put_node(insert, 0, index, h);
            tree.append(h);
            if (tree.size() % chunk != 0) continue;
            // A perfect subtree of `chunk` leaves is complete: store it and every ancestor it completes.
            std::uint64_t j = index >> chunk_level;
            auto sub = hash_leaves(j << chunk_level, (j + 1) << chunk_level);
            if (!sub) return sub.error();
            hash up = sub.value();
            unsigned level = chunk_level;
            put_node(insert, level, j, up);
            while (j & 1) {
                auto left = node(level, j - 1);
                if (!left) return left.error();
                if (!left.value()) return error{"missing_node", "a stored audit subtree is missing"};
                up = node_hash(*left.value(), up);
                j >>= 1;
                ++level;
                put_node(insert, level, j, up);
            }
        }
        return ok_status();
    } catch (const SQLite::Exception& e) {
        return sqlite_failed("extending the audit tree", e);
    }
}

status tree_store::save(const merkle_tree& tree, const std::string& now) {
    try {
        SQLite::Statement q(db_,
                            "INSERT INTO audit_tree (id, size, root, state, updated_at) VALUES (1, ?, ?, ?, ?) "
                            "ON CONFLICT (id) DO UPDATE SET size = excluded.size, root = excluded.root, "
                            "state = excluded.state, updated_at = excluded.updated_at");
        const hash root = tree.root();
        const std::string state = tree.state();
        q.bind(1, static_cast<std::int64_t>(tree.size()));
        q.bind(2, root.data(), static_cast<int>(root.size()));
        q.bind(3, state.data(), static_cast<int>(state.size()));
        q.bind(4, now);
        q.exec();
        return ok_status();
    } catch (const SQLite::Exception& e) {
        return sqlite_failed("saving the audit tree", e);
    }
}

status tree_store::add_checkpoint(const stored_checkpoint& c) {
    try {
        SQLite::Statement q(db_, "INSERT INTO audit_checkpoints (size, root, note, created_at) VALUES (?, ?, ?, ?)");
        q.bind(1, static_cast<std::int64_t>(c.size));
        q.bind(2, c.root.data(), static_cast<int>(c.root.size()));
        q.bind(3, c.note);
        q.bind(4, c.created_at);
        q.exec();
        return ok_status();
    } catch (const SQLite::Exception& e) {
        return sqlite_failed("storing a checkpoint", e);
    }
}

result<hash> tree_store::hash_leaves(std::uint64_t begin, std::uint64_t end) {
    SQLite::Statement q(db_, "SELECT idx, hash FROM audit_tree_nodes WHERE level = 0 AND idx >= ? AND idx < ? ORDER BY idx");
    q.bind(1, static_cast<std::int64_t>(begin));
    q.bind(2, static_cast<std::int64_t>(end));
    merkle_tree t;
    while (q.executeStep()) {
        auto h = hash_from_blob(q.getColumn(1).getBlob(), q.getColumn(1).getBytes());
        if (!h || static_cast<std::uint64_t>(q.getColumn(0).getInt64()) != begin + t.size()) break;
        t.append(*h);
    }
    if (t.size() != end - begin) return error{"missing_node", "a stored audit leaf hash is missing"};
    return t.root();  // the leaves of [begin, end) alone make MTH(D[begin:end])
}

result<std::optional<hash>> tree_store::node(unsigned level, std::uint64_t index) {
    SQLite::Statement q(db_, "SELECT hash FROM audit_tree_nodes WHERE level = ? AND idx = ?");
    q.bind(1, static_cast<int>(level));
    q.bind(2, static_cast<std::int64_t>(index));
    if (!q.executeStep()) return std::optional<hash>{};
    return hash_from_blob(q.getColumn(0).getBlob(), q.getColumn(0).getBytes());
}

void tree_store::put_node(SQLite::Statement& insert, unsigned level, std::uint64_t index, const hash& h) {
    insert.reset();
    insert.bind(1, static_cast<int>(level));
    insert.bind(2, static_cast<std::int64_t>(index));
    insert.bind(3, h.data(), static_cast<int>(h.size()));
    insert.exec();
}

result<hash> tree_store::range_hash(std::uint64_t begin, std::uint64_t end) {
    try {
        if (begin > end) return error{"out_of_range", "subtree begins after its end"};
        const std::uint64_t n = end - begin;
        if (n == 0) return empty_root();
        if (n <= chunk) return hash_leaves(begin, end);
        if (std::has_single_bit(n) && begin % n == 0) {
            const unsigned level = static_cast<unsigned>(std::countr_zero(n));
            auto stored = node(level, begin >> level);
            if (!stored) return stored.error();
            if (stored.value()) return *stored.value();
        }
        const std::uint64_t k = std::bit_floor(n - 1);
        auto left = range_hash(begin, begin + k);
        if (!left) return left;
        auto right = range_hash(begin + k, end);
        if (!right) return right;
        return node_hash(left.value(), right.value());
    } catch (const SQLite::Exception& e) {
        return sqlite_failed("reading the audit tree", e);
    }
}

result<hash> tree_store::leaf(std::uint64_t index) { return range_hash(index, index + 1); }

result<std::vector<hash>> tree_store::inclusion_proof(std::uint64_t index, std::uint64_t size) {
    return inclusion_proof_by_ranges(index, size, [this](std::uint64_t b, std::uint64_t e) { return range_hash(b, e); });
}

result<std::vector<hash>> tree_store::consistency_proof(std::uint64_t m, std::uint64_t n) {
    return consistency_proof_by_ranges(m, n, [this](std::uint64_t b, std::uint64_t e) { return range_hash(b, e); });
}

result<std::optional<stored_checkpoint>> tree_store::latest_checkpoint() {
    try {
        SQLite::Statement q(db_, "SELECT size, root, note, created_at FROM audit_checkpoints ORDER BY size DESC LIMIT 1");
        if (!q.executeStep()) return std::optional<stored_checkpoint>{};
        return std::optional<stored_checkpoint>{read_checkpoint(q)};
    } catch (const SQLite::Exception& e) {
        return sqlite_failed("reading checkpoints", e);
    }
}

result<std::optional<stored_checkpoint>> tree_store::latest_checkpoint_covering(std::uint64_t index) {
    try {
        SQLite::Statement q(db_, "SELECT size, root, note, created_at FROM audit_checkpoints WHERE size > ? "
                                 "ORDER BY size DESC LIMIT 1");
        q.bind(1, static_cast<std::int64_t>(index));
        if (!q.executeStep()) return std::optional<stored_checkpoint>{};
        return std::optional<stored_checkpoint>{read_checkpoint(q)};
    } catch (const SQLite::Exception& e) {
        return sqlite_failed("reading checkpoints", e);
    }
}

result<std::vector<stored_checkpoint>> tree_store::checkpoints() {
    try {
        SQLite::Statement q(db_, "SELECT size, root, note, created_at FROM audit_checkpoints ORDER BY size");
        std::vector<stored_checkpoint> out;
        while (q.executeStep()) out.push_back(read_checkpoint(q));
        return out;
    } catch (const SQLite::Exception& e) {
        return sqlite_failed("reading checkpoints", e);
    }
}

}  // namespace huoli::audit
