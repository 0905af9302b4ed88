// Keeps the internal listener's CRL current without a restart: polls the file's modification time
// and size once a second (cheap: one stat; no inotify, which misses files replaced by rename on
// some filesystems), and re-reads it at once on SIGHUP. Runs on the main io_context.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "net/client_verification.hpp"

namespace huoli::net {

class crl_watch {
public:
    crl_watch(boost::asio::io_context& ioc, client_verification& checks);
    void stop();  // shutdown: nothing may keep the io_context running

private:
    void poll();
    void wait_for_hangup();

    client_verification& checks_;
    boost::asio::steady_timer timer_;
    boost::asio::signal_set hangup_;
};

}  // namespace huoli::net
