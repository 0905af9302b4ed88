#include "api/thread_reader.hpp"

#include <memory>

namespace huoli::api {

result<store::store_reader*> thread_reader(const store::store& s) {
    struct cached {
        const store::store* owner = nullptr;
        std::filesystem::path file;
        std::unique_ptr<store::store_reader> reader;
    };
    thread_local cached c;
    if (!c.reader || c.owner != &s || c.file != s.file()) {
        auto opened = s.reader();
        if (!opened) return opened.error();
        c = {&s, s.file(), std::make_unique<store::store_reader>(std::move(opened).value())};
    }
    return c.reader.get();
}

}  // namespace huoli::api
