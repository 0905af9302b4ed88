// The web forms' files, served from memory.
//
// Every regular file under the root is read once at start-up; a request can only ever name a
// file in that set, so `..`, encoded slashes or symlinks cannot lead outside the root. Symlinks
// whose target lies outside the root are skipped at load time.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <unordered_map>

#include "http/message.hpp"

namespace huoli::http {

class static_files {
public:
    // Rewrites a file's content once, as it is loaded: (path relative to the root with '/'
    // separators, content) → the content served. May throw; the constructor passes it on.
    using content_filter = std::function<std::string(const std::string& relative_path, std::string content)>;

    // Throws std::runtime_error when `root` is not a readable directory.
    explicit static_files(const std::filesystem::path& root, const content_filter& filter = {});

    // GET/HEAD of `req.path`; `/x/` serves `/x/index.html`. 404 for anything unknown or malformed,
    // 304 when If-None-Match names the current ETag.
    response serve(const request& req) const;

    std::size_t file_count() const { return files_.size(); }

private:
    struct file {
        std::string content;
        std::string etag;
        std::string media_type;
    };
    std::unordered_map<std::string, file> files_;  // key: relative path with '/' separators
};

// Media type for a file name, by extension; text types carry charset=utf-8.
std::string media_type_for(const std::string& filename);

}  // namespace huoli::http
