#include "store/notice_rows.hpp"

#include <exception>
#include <optional>

#include "audit/event.hpp"
#include "store/receipt.hpp"

namespace huoli::store {
namespace {

// A receipt collides with probability ~n/2^49; a handful of draws is unreachable in practice.
constexpr int receipt_attempts = 8;

void bind_optional(SQLite::Statement& s, int index, const std::optional<std::string>& v) {
    if (v) {
        s.bind(index, *v);
    } else {
        s.bind(index);  // NULL
    }
}

// The submission's audit event, built by the log's one owner of event bytes (audit/event.hpp).
std::string audit_event_json(const new_notice& n, const case_view& c, const std::string& id,
                             const std::string& receipt, const group_view* group) {
    audit::event e;
    e.at = n.received_at;
    e.actor = n.audit.actor;
    e.action = n.audit.action;
    e.object = id;
    e.legal_basis = n.audit.legal_basis;
    e.outcome = n.audit.outcome;
    e.data_subjects = n.audit.data_subjects;
    e.organisation = c.organisation_id;
    // The routing decision is part of this event: it is made and stored in this transaction.
    e.extra = {
        {"routing", {{"rule", c.routing.rule}, {"municipality_code", c.routing.municipality_code.value_or("")}}},
        {"notice",
         {{"receipt", receipt},
          {"form", n.form},
          {"queue_id", c.queue_id},
          {"payload_sha256", n.payload_sha256},
          {"schema_sha256", n.schema_sha256}}},
    };
    // Only a notice about several children says so, so a one-child event keeps its bytes.
    if (group) {
        e.extra["group"] = {{"id", group->group_id}, {"child", group->child_pointer},
                            {"routed_with_main_child", group->routed_with_main}};
    }
    return audit::canonical_json(e);
}

}  // namespace

notice_rows::notice_rows(SQLite::Database& db, std::function<result<std::string>()> receipt_source)
    : db_(db),
      receipt_source_(receipt_source ? std::move(receipt_source) : std::function<result<std::string>()>(new_receipt)),
      find_key_(db, "SELECT body_sha256, notice_id, response FROM idempotency_keys WHERE key = ?"),
      find_receipt_(db, "SELECT 1 FROM notices WHERE receipt = ?"),
      find_original_(db,
                     "SELECT n.receipt, (SELECT min(seq) FROM audit_events WHERE object = n.id) "
                     "FROM notices n WHERE n.id = ?"),
      insert_notice_(db,
                     "INSERT INTO notices (id, receipt, form, received_at, payload, payload_sha256, schema_sha256, "
                     "organisation_id, queue_id, urgent, decision_due, assessment_due, temporary_identity_codes) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
      insert_link_(db,
                   "INSERT INTO notice_links (notice_id, group_id, content_of, receipt, child_pointer, "
                   "routed_with_main) VALUES (?, ?, ?, ?, ?, ?)"),
      insert_routing_(db,
                      "INSERT INTO routing_records (notice_id, rule, municipality_code, explanation, table_sha256, "
                      "config_sha256) VALUES (?, ?, ?, ?, ?, ?)"),
      insert_queue_item_(db,
                         "INSERT INTO queue_items (notice_id, queue_id, state, urgent, attempts, available_since) "
                         "VALUES (?, ?, 'available', ?, 0, ?)"),
      insert_audit_(db,
                    "INSERT INTO audit_events (at, actor, action, object, legal_basis, outcome, data_subjects, event) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
      insert_key_(db,
                  "INSERT INTO idempotency_keys (key, body_sha256, notice_id, response, created_at) "
                  "VALUES (?, ?, ?, ?, ?)") {}

result<std::string> notice_rows::unused_receipt() {
    for (int attempt = 0; attempt < receipt_attempts; ++attempt) {
        auto receipt = receipt_source_();
        if (!receipt) return receipt;
        auto taken = find_receipt_.use();
        taken->bind(1, receipt.value());
        if (!taken->executeStep()) return receipt;
    }
    return error{storage_unavailable, "no unused receipt code found"};
}

// `found_key` is find_key_ on the key's row.
result<submit_outcome> notice_rows::replay(const new_notice& n, const SQLite::Statement& found_key) {
    if (found_key.getColumn(0).getString() != *n.body_sha256) {
        return error{idempotency_key_reused, "the idempotency key was used with a different request body"};
    }
    submit_outcome out;
    out.replayed = true;
    out.notice_id = found_key.getColumn(1).getString();
    out.response_json = found_key.getColumn(2).getString();
    auto original = find_original_.use();
    original->bind(1, out.notice_id);
    if (original->executeStep()) {
        out.receipt = original->getColumn(0).getString();
        out.audit_seq = original->getColumn(1).getInt64();
    }
    return out;
}

std::int64_t notice_rows::insert_case(const new_notice& n, const std::string& id, const std::string& receipt,
                                      const case_view& c, const group_view* group) {
    // A linked case holds the JSON text null instead of the payload: the notice is stored once,
    // in the first child's row (migration 6, notice_content).
    static const std::string no_payload = "null";
    const bool holds_content = !group || group->content_of == id;

    auto notice_use = insert_notice_.use();
    auto& notice = *notice_use;
    notice.bind(1, id);
    notice.bind(2, receipt);
    notice.bind(3, n.form);
    notice.bind(4, n.received_at);
    // The long values are bound without SQLite's private copy: they outlive exec(), and the end
    // of the statement's use clears the bindings.
    notice.bindNoCopy(5, holds_content ? n.payload : no_payload);
    notice.bind(6, n.payload_sha256);
    notice.bind(7, n.schema_sha256);
    notice.bind(8, c.organisation_id);
    notice.bind(9, c.queue_id);
    notice.bind(10, n.urgent ? 1 : 0);
    bind_optional(notice, 11, n.decision_due);
    bind_optional(notice, 12, n.assessment_due);
    if (n.temporary_identity_codes.empty()) {
        notice.bind(13);
    } else {
        notice.bind(13, nlohmann::json(n.temporary_identity_codes).dump());
    }
    notice.exec();

    if (group) {
        auto link_use = insert_link_.use();
        auto& link = *link_use;
        link.bind(1, id);
        link.bind(2, group->group_id);
        link.bind(3, group->content_of);
        link.bind(4, group->receipt);
        link.bind(5, group->child_pointer);
        link.bind(6, group->routed_with_main ? 1 : 0);
        link.exec();
    }

    auto routing_use = insert_routing_.use();
    auto& routing = *routing_use;
    routing.bind(1, id);
    routing.bind(2, c.routing.rule);
    bind_optional(routing, 3, c.routing.municipality_code);
    routing.bind(4, c.routing.explanation.dump());
    routing.bind(5, c.routing.table_sha256);
    routing.bind(6, c.routing.config_sha256);
    routing.exec();

    auto item_use = insert_queue_item_.use();
    auto& item = *item_use;
    item.bind(1, id);
    item.bind(2, c.queue_id);
    item.bind(3, n.urgent ? 1 : 0);
    item.bind(4, n.received_at);
    item.exec();

    const std::string subjects = n.audit.data_subjects.dump();
    const std::string event = audit_event_json(n, c, id, group ? group->receipt : receipt, group);
    auto audit_use = insert_audit_.use();
    auto& audit = *audit_use;
    audit.bind(1, n.received_at);
    audit.bind(2, n.audit.actor);
    audit.bind(3, n.audit.action);
    audit.bind(4, id);
    audit.bind(5, n.audit.legal_basis);
    audit.bind(6, n.audit.outcome);
    audit.bindNoCopy(7, subjects);
    audit.bindNoCopy(8, event);
    audit.exec();
    return db_.getLastInsertRowid();
}

result<submit_outcome> notice_rows::write(const new_notice& n) {
    if (n.idempotency_key) {
        auto key = find_key_.use();
        key->bind(1, *n.idempotency_key);
        if (key->executeStep()) return replay(n, *key);
    }
    auto id = new_notice_id();
    if (!id) return id.error();
    auto receipt = unused_receipt();
    if (!receipt) return receipt.error();

    submit_outcome out;
    out.notice_id = id.value();
    out.receipt = receipt.value();
    stored_identity identity{out.notice_id, out.receipt, 0, {}};
    const case_view first{n.organisation_id, n.queue_id, n.routing};
    if (n.linked_cases.empty()) {
        out.audit_seq = insert_case(n, out.notice_id, out.receipt, first, nullptr);
    } else {
        auto group_id = new_notice_id();
        if (!group_id) return group_id.error();
        static const std::string first_child = "/child";
        const group_view main{group_id.value(), out.notice_id, out.receipt, first_child, false};
        out.audit_seq = insert_case(n, out.notice_id, out.receipt, first, &main);
        for (const linked_case& c : n.linked_cases) {
            auto case_id = new_notice_id();
            if (!case_id) return case_id.error();
            // Never shown: the receipt column is UNIQUE, and the notifier's receipt is the group's.
            auto own_receipt = unused_receipt();
            if (!own_receipt) return own_receipt.error();
            const group_view linked{group_id.value(), out.notice_id, out.receipt, c.child_pointer, c.routed_with_main};
            insert_case(n, case_id.value(), own_receipt.value(), case_view{c.organisation_id, c.queue_id, c.routing},
                        &linked);
            identity.linked_ids.push_back(case_id.value());
        }
    }
    identity.audit_seq = out.audit_seq;

    if (n.make_response) {
        try {
            out.response_json = n.make_response(identity);
        } catch (const std::exception&) {
            return error{internal_error, "building the response failed"};
        }
    }
    if (n.idempotency_key) {
        auto key_use = insert_key_.use();
        auto& key = *key_use;
        key.bind(1, *n.idempotency_key);
        key.bind(2, *n.body_sha256);
        key.bind(3, out.notice_id);
        key.bindNoCopy(4, out.response_json);
        key.bind(5, n.received_at);
        key.exec();
    }
    return out;
}

}  // namespace huoli::store
