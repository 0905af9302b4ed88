#!/usr/bin/env bash
# Makes Google's libphonenumber (Debian 12 packages) usable for building Huoli.
#
#   deploy/install-libphonenumber.sh [PREFIX]     (default: <checkout>/build/third_party/libphonenumber)
#
# Why not `apt-get install libphonenumber-dev`: that package depends on libboost-thread-dev,
# which pulls Boost 1.74 -dev packages that conflict with libboost1.81-dev. Its headers do
# not need Boost: they use Boost only under I18N_PHONENUMBERS_USE_BOOST, and Debian built
# the library without it (its singletons use pthread_once; it links no Boost library).
# So: install the runtime library and the -dev packages the headers really include
# (abseil, protobuf) with apt, and take only the headers and the libphonenumber.so link
# from the -dev package of the same version. cmake/FindPhoneNumber.cmake looks in PREFIX.
#
# Idempotent: does nothing but verify when PREFIX already holds the installed version.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
prefix=${1:-$root/build/third_party/libphonenumber}
packages=(libphonenumber8 libabsl-dev libprotobuf-dev)

log() { printf 'install-libphonenumber: %s\n' "$*" >&2; }
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing: ${missing[*]}"
  if ! apt-cache show libphonenumber8 >/dev/null 2>&1; then $sudo apt-get update -qq; fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

version=$(dpkg-query -W -f='${Version}' libphonenumber8)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch)
stamp="$prefix/debian-version"

verify() {
  local dir
  dir=$(mktemp -d)
  cat >"$dir/check.cpp" <<'CPP'
#include <phonenumbers/phonenumberutil.h>
#include <iostream>
int main() {
    using i18n::phonenumbers::PhoneNumberUtil;
    const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
    i18n::phonenumbers::PhoneNumber number;
    std::string e164;
    if (util->Parse("040 123 4567", "FI", &number) != PhoneNumberUtil::NO_PARSING_ERROR) return 1;
    if (!util->IsValidNumber(number)) return 1;
    util->Format(number, PhoneNumberUtil::E164, &e164);
    std::cout << e164 << "\n";
    return e164 == "+358401234567" ? 0 : 1;
}
CPP
  local ok=0
  if c++ -std=c++20 -I"$prefix/include" "$dir/check.cpp" -L"$prefix/lib" -lphonenumber -o "$dir/check" \
      && "$dir/check" >/dev/null; then
    ok=1
  fi
  rm -rf "$dir"
  [ "$ok" -eq 1 ] || { log "verification failed for $prefix"; return 1; }
  log "ok: libphonenumber $version in $prefix"
}

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$version" ] \
    && [ -f "$prefix/include/phonenumbers/phonenumberutil.h" ] && [ -e "$prefix/lib/libphonenumber.so" ]; then
  verify
  exit 0
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# Same version as the runtime library, so headers and binary agree.
(cd "$scratch" && apt-get download -qq "libphonenumber-dev=$version" 2>/dev/null \
  || { $sudo apt-get update -qq && apt-get download -qq "libphonenumber-dev=$version"; })
deb=$(ls "$scratch"/libphonenumber-dev_*.deb)
mkdir -p "$scratch/x"
dpkg-deb --fsys-tarfile "$deb" \
  | tar -x -C "$scratch/x" ./usr/include/phonenumbers "./usr/lib/$multiarch/libphonenumber.so"
soname=$(readlink "$scratch/x/usr/lib/$multiarch/libphonenumber.so")
[ -f "/usr/lib/$multiarch/$soname" ] || { log "runtime /usr/lib/$multiarch/$soname missing"; exit 1; }

rm -rf "$prefix"
mkdir -p "$prefix/include" "$prefix/lib"
cp -R "$scratch/x/usr/include/phonenumbers" "$prefix/include/"
ln -s "/usr/lib/$multiarch/$soname" "$prefix/lib/libphonenumber.so"
printf '%s\n' "$version" >"$stamp"
verify
