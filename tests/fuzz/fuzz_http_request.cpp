// libFuzzer target for the HTTP/1.1 request parser as the session uses it: Beast's
// request_parser with the session's limits, then Huoli's own checks of the head (framing,
// target, forwarded client). Any byte stream, read as a keep-alive connection's requests one
// after another, must give requests or refusals, never a crash, a hang or unbounded memory.
// Built by run_fuzz.sh with clang++-14 (Beast header-only, our code compiled in).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http/forwarded.hpp"
#include "http/request_head.hpp"

namespace bhttp = boost::beast::http;

namespace {

const huoli::http::trusted_proxies& proxies() {
    static const huoli::http::trusted_proxies p({*huoli::ip_prefix::parse("0.0.0.0/0"), *huoli::ip_prefix::parse("::/0")});
    return p;
}

// What session::check_head does with a parsed head.
void check_head(const bhttp::request_parser<bhttp::string_body>& parser) {
    const auto& req = parser.get();
    huoli::http::request_framing framing;
    framing.version = req.version();
    std::string forwarded, x_forwarded_for;
    for (const auto& f : req) {
        if (f.name() == bhttp::field::host) ++framing.host_fields;
        if (f.name() == bhttp::field::transfer_encoding && framing.transfer_encoding_fields++ == 0) {
            framing.transfer_encoding = f.value();
        }
        if (f.name() == bhttp::field::forwarded) forwarded.append(f.value().data(), f.value().size());
        if (boost::beast::iequals(f.name_string(), "X-Forwarded-For")) x_forwarded_for.append(f.value().data(), f.value().size());
    }
    if (auto refused = huoli::http::check_framing(framing)) {
        if (refused->status != 400 && refused->status != 501) std::abort();
        return;
    }
    auto target = huoli::http::split_target(req.target());
    if (target && (target->path.empty() || target->path.front() != '/')) std::abort();
    const std::string client = huoli::http::forwarded_client("10.0.0.1", forwarded, x_forwarded_for, proxies());
    if (client.empty() || client.size() > 64) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view rest(reinterpret_cast<const char*>(data), size);
    // At most a few requests per input, as one connection would send them.
    for (int request = 0; request < 8 && !rest.empty(); ++request) {
        std::optional<bhttp::request_parser<bhttp::string_body>> parser;
        parser.emplace();
        parser->header_limit(8192);
        parser->body_limit(64 * 1024);
        parser->eager(true);
        bool checked = false;
        boost::beast::error_code ec;
        while (!rest.empty() && !parser->is_done()) {
            const std::size_t used = parser->put(boost::asio::buffer(rest.data(), rest.size()), ec);
            if (used > rest.size()) std::abort();
            rest.remove_prefix(used);
            if (parser->is_header_done() && !checked) {
                checked = true;
                check_head(*parser);
            }
            // need_more: the connection would wait for more bytes (Beast's contract is to call again
            // only with more data appended, as its own read loop does), so the input ends here.
            // Any other error: the session answers 400 or closes.
            if (ec) return 0;
            if (used == 0) return 0;
        }
        if (!parser->is_done()) return 0;
        if (!checked) check_head(*parser);
        if (parser->get().body().size() > 64 * 1024) std::abort();
    }
    return 0;
}
