// verify_receipt (declared in log_verifier.hpp).
#include <SQLiteCpp/Statement.h>
#include <nlohmann/json.hpp>

#include "audit/log_verifier.hpp"
#include "audit/tree_store.hpp"
#include "audit/verify.hpp"
#include "json/digest.hpp"

namespace huoli::audit {
namespace {

struct found_event {
    std::int64_t seq = 0;
    std::string bytes;
};

std::optional<found_event> find_event(SQLite::Database& db, const std::string& receipt, std::int64_t seq) {
    std::optional<SQLite::Statement> q;
    if (!receipt.empty()) {
        // The submission event names its receipt; the notices table only says where to look.
        q.emplace(db,
                  "SELECT e.seq, e.event FROM notices n JOIN audit_events e ON e.object = n.id "
                  "WHERE n.receipt = ? AND e.action = 'submit' ORDER BY e.seq LIMIT 1");
        q->bind(1, receipt);
    } else {
        q.emplace(db, "SELECT seq, event FROM audit_events WHERE seq = ?");
        q->bind(1, seq);
    }
    if (!q->executeStep()) return std::nullopt;
    return found_event{q->getColumn(0).getInt64(), q->getColumn(1).getString()};
}

}  // namespace

result<receipt_result> verify_receipt(SQLite::Database& db, const verifier& v, const std::string& receipt,
                                      std::int64_t seq) {
    try {
        auto found = find_event(db, receipt, seq);
        if (!found) return error{"not_found", "no submission event for this receipt or seq"};
        const auto ev = nlohmann::json::parse(found->bytes, nullptr, false);
        if (ev.is_discarded() || !ev.is_object()) return error{"proof_failed", "the event is not a JSON object"};
        receipt_result out;
        out.seq = found->seq;
        out.leaf_index = static_cast<std::uint64_t>(found->seq - 1);
        out.notice_id = ev.value("object", "");
        const auto notice = ev.value("notice", nlohmann::json::object());
        if (!receipt.empty() && notice.value("receipt", "") != receipt) {
            return error{"proof_failed", "the submission event does not name this receipt"};
        }
        if (notice.contains("payload_sha256")) {
            // A linked child's case holds no payload of its own (store/migrations.cpp, version 6).
            SQLite::Statement payload(db, "SELECT payload FROM notice_content WHERE notice_id = ?");
            payload.bind(1, out.notice_id);
            out.payload_matches = payload.executeStep() &&
                                  json::sha256_hex(payload.getColumn(0).getString()) == notice.value("payload_sha256", "");
        }

        tree_store trees(db);
        auto covering = trees.latest_checkpoint_covering(out.leaf_index);
        if (!covering) return covering.error();
        if (!covering.value()) return error{"not_yet_signed", "no signed checkpoint covers this event yet"};
        auto head = verify_checkpoint(covering.value()->note, v);
        if (!head) return error{"bad_checkpoint", "the covering checkpoint does not verify: " + head.error().code};
        out.signed_head = head.value();
        auto proof = trees.inclusion_proof(out.leaf_index, out.signed_head.size);
        if (!proof) return error{"proof_failed", "no inclusion proof: " + proof.error().detail};
        out.proof = proof.value();
        if (!verify_inclusion(leaf_hash(found->bytes), out.leaf_index, out.signed_head.size, out.proof,
                              out.signed_head.root)) {
            return error{"proof_failed", "the event is not in the signed log as it is now"};
        }
        return out;
    } catch (const SQLite::Exception& e) {
        return error{"storage_unavailable", "SQLite error " + std::to_string(e.getErrorCode())};
    }
}

}  // namespace huoli::audit
