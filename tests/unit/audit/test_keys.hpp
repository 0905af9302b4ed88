// Real key files for the signing tests, written with OpenSSL's own PEM encoder so the loader
// under test is checked against an independent writer.
#pragma once

#include <cstdio>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>

#include <openssl/evp.h>
#include <openssl/pem.h>

namespace huoli::audit::test {

// A fresh directory under the system temp dir, removed with everything in it.
class temp_dir {
public:
    temp_dir() {
        std::random_device rd;
        std::string name = "huoli-audit-test-" + std::to_string(rd()) + std::to_string(rd());
        path_ = std::filesystem::temp_directory_path() / name;
        std::filesystem::create_directories(path_);
    }
    ~temp_dir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

inline void write_pem(EVP_PKEY* key, const std::filesystem::path& path) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr || PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
        throw std::runtime_error("cannot write test key");
    }
    std::fclose(f);
}

// An Ed25519 private key from a 32-byte seed (RFC 8032 private key), as PKCS#8 PEM.
inline void write_ed25519_seed_pem(const std::string& seed, const std::filesystem::path& path) {
    EVP_PKEY* key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr,
                                                 reinterpret_cast<const unsigned char*>(seed.data()), seed.size());
    if (key == nullptr) throw std::runtime_error("bad test seed");
    write_pem(key, path);
    EVP_PKEY_free(key);
}

// A freshly generated key of `type` ("ED25519", "EC" P-256, ...) as PKCS#8 PEM.
inline void write_new_key_pem(const char* type, const std::filesystem::path& path) {
    EVP_PKEY* key = std::string(type) == "EC" ? EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")
                                              : EVP_PKEY_Q_keygen(nullptr, nullptr, type);
    if (key == nullptr) throw std::runtime_error("cannot generate test key");
    write_pem(key, path);
    EVP_PKEY_free(key);
}

}  // namespace huoli::audit::test
