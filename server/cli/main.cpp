// huolictl: administration tool. Wiring only; the commands live in audit_commands.cpp.
//
//   huolictl audit verify --db COPY_OF_huoli.db --vkey audit.vkey
//   huolictl audit verify --ndjson events.ndjson --checkpoint note.txt [--checkpoint ...] --vkey audit.vkey
//   huolictl receipt verify --db COPY_OF_huoli.db --vkey audit.vkey (--receipt XXXX-XXXX-XX | --seq N)
#include <CLI/CLI.hpp>

#include "cli/audit_commands.hpp"

int main(int argc, char** argv) {
    CLI::App app{"huolictl: verify Huoli's audit log and receipts"};
    app.require_subcommand(1);

    auto* audit = app.add_subcommand("audit", "the audit log")->require_subcommand(1);
    huoli::cli::audit_verify_args av;
    auto* verify = audit->add_subcommand("verify", "recompute the Merkle tree and check every signed checkpoint");
    auto* db = verify->add_option("--db", av.db, "a copy of the database (huoli.db)");
    auto* nd = verify->add_option("--ndjson", av.ndjson, "an NDJSON export of every event");
    verify->add_option("--checkpoint", av.checkpoints, "a signed checkpoint note (with --ndjson)")->needs(nd);
    verify->add_option("--vkey", av.vkey, "the log's verifier key")->required();
    db->excludes(nd);
    verify->callback([&] {
        if (av.db.empty() && av.ndjson.empty()) throw CLI::ValidationError("--db or --ndjson is required");
    });

    auto* receipt = app.add_subcommand("receipt", "submission receipts")->require_subcommand(1);
    huoli::cli::receipt_verify_args rv;
    auto* rverify = receipt->add_subcommand("verify", "prove a receipt's submission event is in the signed log");
    rverify->add_option("--db", rv.db, "a copy of the database (huoli.db)")->required();
    rverify->add_option("--vkey", rv.vkey, "the log's verifier key")->required();
    auto* code = rverify->add_option("--receipt", rv.receipt, "the receipt code, XXXX-XXXX-XX");
    auto* seq = rverify->add_option("--seq", rv.seq, "or the audit event's seq");
    code->excludes(seq);
    rverify->callback([&] {
        if (rv.receipt.empty() && rv.seq <= 0) throw CLI::ValidationError("--receipt or --seq is required");
    });

    CLI11_PARSE(app, argc, argv);
    if (verify->parsed()) return huoli::cli::audit_verify(av);
    if (rverify->parsed()) return huoli::cli::receipt_verify(rv);
    return 2;
}
