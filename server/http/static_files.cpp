#include "http/static_files.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "http/etag.hpp"
#include "http/percent.hpp"
#include "http/problem.hpp"

namespace huoli::http {

std::string media_type_for(const std::string& name) {
    static const std::unordered_map<std::string, std::string> types = {
        {".html", "text/html; charset=utf-8"},  {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"}, {".mjs", "text/javascript; charset=utf-8"},
        {".json", "application/json"},          {".svg", "image/svg+xml"},
        {".png", "image/png"},                  {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},               {".txt", "text/plain; charset=utf-8"},
        {".webmanifest", "application/manifest+json"},
    };
    auto ext = std::filesystem::path(name).extension().string();
    auto it = types.find(ext);
    return it == types.end() ? "application/octet-stream" : it->second;
}

static_files::static_files(const std::filesystem::path& root_in, const content_filter& filter) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path root = fs::canonical(root_in, ec);
    if (ec || !fs::is_directory(root)) throw std::runtime_error("forms directory not readable: " + root_in.string());
    const std::string root_prefix = root.string() + "/";
    for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        const fs::path real = fs::canonical(it->path(), ec);
        if (ec) continue;
        if (real.string().rfind(root_prefix, 0) != 0) continue;  // symlink leading out of the root
        if (!fs::is_regular_file(real)) continue;
        std::ifstream in(real, std::ios::binary);
        std::stringstream buf;
        buf << in.rdbuf();
        const std::string rel = it->path().lexically_relative(root).generic_string();
        file f;
        f.content = filter ? filter(rel, buf.str()) : buf.str();
        f.etag = make_etag(f.content);
        f.media_type = media_type_for(it->path().filename().string());
        files_.emplace(rel, std::move(f));
    }
}

response static_files::serve(const request& req) const {
    auto decoded = percent_decode(req.path);
    if (!decoded || decoded->empty() || (*decoded)[0] != '/') return not_found();
    std::string rel = decoded->substr(1);
    if (rel.empty() || rel.back() == '/') rel += "index.html";
    // Only plain segments: no "..", ".", empty segments or backslashes, encoded or not.
    std::size_t start = 0;
    while (start <= rel.size()) {
        auto end = rel.find('/', start);
        if (end == std::string::npos) end = rel.size();
        auto seg = std::string_view(rel).substr(start, end - start);
        if (seg.empty() || seg == "." || seg == ".." || seg.find('\\') != std::string_view::npos) return not_found();
        start = end + 1;
    }
    auto it = files_.find(rel);
    if (it == files_.end()) {
        // "/fi" → "/fi/" so relative links in the page resolve.
        if (files_.count(rel + "/index.html")) {
            response r;
            r.status = 301;
            r.headers.set("Location", *decoded + "/");
            return r;
        }
        return not_found();
    }
    const file& f = it->second;
    return cacheable(req, f.content, f.media_type, f.etag);
}

}  // namespace huoli::http
