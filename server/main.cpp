// Wiring only: read the configuration, build the application and the server, run, shut down.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#ifdef HUOLI_WITH_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

#include "api/application.hpp"
#include "config/config.hpp"
#include "core/log_sink.hpp"
#include "net/server.hpp"
#include "store/store.hpp"

int main(int argc, char** argv) {
    CLI::App cli{"Huoli: electronic child-welfare notifications and contacts to social services"};
    std::string config_file;
    bool check_only = false;
    cli.add_option("-c,--config", config_file, "configuration file (JSON)")->required()->check(CLI::ExistingFile);
    cli.add_flag("--check", check_only, "validate the configuration and exit");
    CLI11_PARSE(cli, argc, argv);
    huoli::store::configure_sqlite_library();

    try {
        const auto cfg = huoli::config::load_config(config_file, HUOLI_SOURCE_DIR);
        if (check_only) {
            std::puts("configuration ok");
            return 0;
        }
        huoli::api::application app(cfg);
        huoli::net::server server(
            cfg, [&app](const huoli::http::request& req, huoli::http::responder respond) { app.handle(req, std::move(respond)); },
            [&app](std::string_view reason, std::string_view fingerprint) { app.auth_failure(reason, fingerprint); });
        server.run([&cfg, &app] {
            huoli::write_log_line(nlohmann::json{{"event", "ready"},
                                                       {"public_port", cfg.public_listener.port},
                                                       {"internal_port", cfg.internal_listener.port}}
                                            .dump());
#ifdef HUOLI_WITH_SYSTEMD
            sd_notify(0, "READY=1");
            // WatchdogSec= in the unit: say WATCHDOG=1 only while the writer commits, so that a
            // process whose storage has stopped is restarted (store/writer_watchdog.hpp). Four
            // rounds per period: an idle server pets every second round.
            std::uint64_t period_us = 0;
            if (sd_watchdog_enabled(0, &period_us) > 0 && period_us > 0) {
                app.start_watchdog(std::chrono::microseconds(period_us / 4), [] { sd_notify(0, "WATCHDOG=1"); });
            }
#endif
        });
#ifdef HUOLI_WITH_SYSTEMD
        sd_notify(0, "STOPPING=1");
#endif
        app.shutdown();
        huoli::write_log_line(R"({"event":"stopped"})");
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "huoli-server: %s\n", e.what());
        return 2;
    }
}
