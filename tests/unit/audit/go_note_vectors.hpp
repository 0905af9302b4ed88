// The example keys and notes of golang.org/x/mod/sumdb/note (note_test.go, TestSign/TestOpen),
// the reference implementation of c2sp.org/signed-note.
#pragma once

#include <string>

namespace huoli::audit::test {

inline const std::string peter_vkey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
// The signer key "PRIVATE+KEY+PeterNeumann+c74f20a3+<base64(0x01 || seed)>"; this is the base64.
inline const std::string peter_skey_b64 = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
inline const std::string enoch_vkey = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";

inline const std::string go_text =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
inline const std::string peter_sig =
    "\xE2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
inline const std::string enoch_sig =
    "\xE2\x80\x94 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

}  // namespace huoli::audit::test
