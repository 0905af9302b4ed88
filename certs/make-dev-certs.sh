#!/usr/bin/env bash
# Makes the DEVELOPMENT certificates for Huoli: a CA, a server certificate for localhost, client
# certificates for the internal (mutual TLS) listener, an unrelated second CA for negative tests, and the
# matching `principals` array for the configuration; and the Ed25519 key that signs the audit log's
# checkpoints (audit-signing.key) with its verifier key (audit-signing.vkey, what auditors keep).
# The checkpoint origin (the key's name) is HUOLI_AUDIT_ORIGIN, default huoli.localhost/audit; the vkey
# starts with it, and the configuration's audit.origin must equal it.
#
# DEVELOPMENT ONLY. The keys are unencrypted, the CA is self-made and the validity is five years so that
# nobody has to renew them; never use these files on a server reachable from the internet.
#
# Usage: certs/make-dev-certs.sh [--force] [OUTDIR]
#   OUTDIR defaults to certs/dev under the repository root, whatever the current directory is.
#   Does nothing if OUTDIR/ca.pem exists, unless --force is given.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
force=0
outdir=""
for arg in "$@"; do
    case "$arg" in
        --force) force=1 ;;
        -h|--help) sed -n '2,12p' "${BASH_SOURCE[0]}"; exit 0 ;;
        -*) echo "make-dev-certs: unknown option $arg" >&2; exit 2 ;;
        *)
            if [[ -n "$outdir" ]]; then echo "make-dev-certs: only one OUTDIR" >&2; exit 2; fi
            outdir="$arg" ;;
    esac
done
outdir="${outdir:-$repo_root/certs/dev}"

if [[ -e "$outdir/ca.pem" && $force -eq 0 ]]; then
    echo "make-dev-certs: $outdir/ca.pem exists; nothing to do (use --force to remake)"
    exit 0
fi
command -v openssl >/dev/null || { echo "make-dev-certs: openssl not found" >&2; exit 1; }

mkdir -p "$outdir"
outdir="$(cd "$outdir" && pwd)"
# Everything is made in a staging folder and moved into place at the end, ca.pem last, so that an
# interrupted run never leaves a half-made set that later runs would consider complete.
stage="$(mktemp -d "$outdir/.staging.XXXXXX")"
trap 'rm -rf "$stage"' EXIT
umask 077
mkdir -p "$stage/clients"

# Five years: development only. HUOLI_DEV_CERT_DAYS: another leaf validity in days (the integration tests that
# run the server on another day need certificates valid both today and then; tests/integration/harness.py).
readonly days_leaf="${HUOLI_DEV_CERT_DAYS:-1825}"
[[ "$days_leaf" =~ ^[1-9][0-9]*$ ]] || { echo "make-dev-certs: HUOLI_DEV_CERT_DAYS must be a number of days" >&2; exit 2; }
readonly days_ca=$((days_leaf + 5))

new_key() {
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -pkeyopt ec_param_enc:named_curve -out "$1" 2>/dev/null
}

# make_ca NAME SUBJECT: a self-signed CA that may sign leaf certificates only.
make_ca() {
    local name="$1" subject="$2"
    new_key "$stage/$name.key"
    openssl req -new -x509 -sha256 -days "$days_ca" -key "$stage/$name.key" -subj "$subject" \
        -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -addext "subjectKeyIdentifier=hash" \
        -out "$stage/$name.pem"
}

# make_leaf CA OUT SUBJECT EXTENSIONS: a key and a certificate signed by CA (ca or other-ca).
make_leaf() {
    local ca="$1" out="$2" subject="$3" extensions="$4"
    new_key "$stage/$out.key"
    openssl req -new -sha256 -key "$stage/$out.key" -subj "$subject" -out "$stage/$out.csr"
    printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
        "subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid,issuer" "$extensions" >"$stage/$out.ext"
    openssl x509 -req -sha256 -days "$days_leaf" -in "$stage/$out.csr" \
        -CA "$stage/$ca.pem" -CAkey "$stage/$ca.key" -set_serial "0x$(openssl rand -hex 16)" \
        -extfile "$stage/$out.ext" -out "$stage/$out.pem" 2>/dev/null
    rm -f "$stage/$out.csr" "$stage/$out.ext"
}

# The audit signing key and its vkey: <name>+<key ID>+<base64(0x01 || public key)>, where
# key ID = first 4 bytes of SHA-256(name || 0x0A || 0x01 || public key) (c2sp.org/signed-note).
make_audit_key() {
    local name="${HUOLI_AUDIT_ORIGIN:-huoli.localhost/audit}" pub="$stage/audit-signing.pub"
    openssl genpkey -algorithm ed25519 -out "$stage/audit-signing.key" 2>/dev/null
    openssl pkey -in "$stage/audit-signing.key" -pubout -outform DER | tail -c 32 >"$pub"
    local id b64
    id=$({ printf '%s\n\001' "$name"; cat "$pub"; } | openssl dgst -sha256 -binary | head -c 4 | od -An -tx1 | tr -d ' \n')
    b64=$({ printf '\001'; cat "$pub"; } | openssl base64 -A)
    printf '%s+%s+%s\n' "$name" "$id" "$b64" >"$stage/audit-signing.vkey"
    rm -f "$pub"
}

make_client() {
    make_leaf "$1" "clients/$2" "$3" "extendedKeyUsage=clientAuth"
}

subject_rfc2253() {
    openssl x509 -in "$1" -noout -subject -nameopt RFC2253 | sed -e 's/^subject=//' -e 's/\\/\\\\/g' -e 's/"/\\"/g'
}

fingerprint_sha256() {
    openssl x509 -in "$1" -outform DER | openssl dgst -sha256 -r | cut -d' ' -f1
}

make_ca ca "/C=FI/O=Huoli development/CN=Huoli development CA"
make_leaf ca server "/C=FI/O=Huoli development/CN=localhost" \
    "$(printf '%s\n' "extendedKeyUsage=serverAuth" "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1")"
make_client ca kainuu-intake "/C=FI/O=Kainuun hyvinvointialue/CN=kainuu-intake"
make_client ca helsinki-intake "/C=FI/O=Helsingin kaupunki/CN=helsinki-intake"
make_client ca auditor "/C=FI/O=Huoli audit/CN=auditor"
make_client ca kainuu-auditor "/C=FI/O=Kainuun hyvinvointialue/CN=kainuu-auditor"
make_client ca helsinki-auditor "/C=FI/O=Helsingin kaupunki/CN=helsinki-auditor"
make_client ca kainuu-admin "/C=FI/O=Kainuun hyvinvointialue/CN=kainuu-admin"
make_client ca unknown "/C=FI/O=Nobody/CN=unknown"
# The untrusted client carries kainuu-intake's exact subject: a server that matched principals without
# first checking the chain would let it in, so the negative test catches that.
make_ca other-ca "/C=FI/O=Somebody else/CN=Untrusted other CA"
make_client other-ca other-ca-client "/C=FI/O=Kainuun hyvinvointialue/CN=kainuu-intake"
make_audit_key

# The `principals` array for the configuration. The auditor is matched by fingerprint, the others by
# subject, so that both match kinds are exercised. "auditor" is the operator's, who audits every
# organisation; each county's auditor sees its own organisation's events only.
cat >"$stage/principals.json" <<EOF
[
  {
    "id": "kainuu-intake",
    "match": {"subject": "$(subject_rfc2253 "$stage/clients/kainuu-intake.pem")"},
    "organisation": "kainuu",
    "roles": ["intake"],
    "queues": ["kainuu-children", "kainuu-adults"]
  },
  {
    "id": "helsinki-intake",
    "match": {"subject": "$(subject_rfc2253 "$stage/clients/helsinki-intake.pem")"},
    "organisation": "helsinki",
    "roles": ["intake"],
    "queues": ["helsinki-children", "helsinki-adults"]
  },
  {
    "id": "auditor",
    "match": {"fingerprint_sha256": "$(fingerprint_sha256 "$stage/clients/auditor.pem")"},
    "organisation": "huoli-audit",
    "roles": ["auditor"],
    "audit_scope": "all",
    "queues": []
  },
  {
    "id": "kainuu-auditor",
    "match": {"subject": "$(subject_rfc2253 "$stage/clients/kainuu-auditor.pem")"},
    "organisation": "kainuu",
    "roles": ["auditor"],
    "queues": []
  },
  {
    "id": "helsinki-auditor",
    "match": {"subject": "$(subject_rfc2253 "$stage/clients/helsinki-auditor.pem")"},
    "organisation": "helsinki",
    "roles": ["auditor"],
    "queues": []
  },
  {
    "id": "kainuu-admin",
    "match": {"subject": "$(subject_rfc2253 "$stage/clients/kainuu-admin.pem")"},
    "organisation": "kainuu",
    "roles": ["admin"],
    "queues": []
  }
]
EOF

chmod 600 "$stage"/*.key "$stage"/clients/*.key
chmod 644 "$stage"/*.pem "$stage"/clients/*.pem "$stage/principals.json" "$stage/audit-signing.vkey"
chmod 755 "$stage/clients"
mkdir -p "$outdir/clients" && chmod 755 "$outdir/clients"
rm -f "$outdir/ca.pem"
for f in "$stage"/clients/*; do mv -f "$f" "$outdir/clients/"; done
for f in ca.key server.pem server.key other-ca.pem other-ca.key principals.json audit-signing.key audit-signing.vkey; do mv -f "$stage/$f" "$outdir/"; done
mv -f "$stage/ca.pem" "$outdir/ca.pem"
echo "make-dev-certs: wrote development certificates to $outdir"
