#include "net/crl_watch.hpp"

#include <csignal>

namespace huoli::net {

crl_watch::crl_watch(boost::asio::io_context& ioc, client_verification& checks)
    : checks_(checks), timer_(ioc), hangup_(ioc, SIGHUP) {
    // SIGHUP is always taken (it no longer ends the process, gracefully or not); without a CRL it does nothing.
    wait_for_hangup();
    if (checks_.has_crl()) poll();
}

void crl_watch::stop() {
    boost::system::error_code ignored;
    timer_.cancel();
    hangup_.cancel(ignored);
}

void crl_watch::poll() {
    timer_.expires_after(std::chrono::seconds(1));
    timer_.async_wait([this](boost::system::error_code ec) {
        if (ec) return;
        checks_.reload(false);
        poll();
    });
}

void crl_watch::wait_for_hangup() {
    hangup_.async_wait([this](boost::system::error_code ec, int) {
        if (ec) return;
        checks_.reload(true);
        wait_for_hangup();
    });
}

}  // namespace huoli::net
