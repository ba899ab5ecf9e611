#!/usr/bin/env bash
# Makes a development CA, a server certificate for localhost, and one client
# certificate per role, for running Keeper locally and in tests. Never use
# these in production: the CA key sits beside the certificates.
#
#   tools/dev_certs.sh DIR
#   tools/dev_certs.sh revoke DIR ROLE   # e.g. revoke data/tls police-officer
#
# A client's identity comes from its certificate: CN = the person or system,
# O = the agency, OU = the role, L = the local authority. Each client also
# gets <name>.p12 (password "keeper") to import into a browser for the
# console.
#
# DIR/crl holds the CA's certificate revocation list under its hashed name
# (as `openssl rehash` makes), which keeperd reads at every handshake:
# `revoke` adds a certificate to it, and takes effect without a restart.
set -euo pipefail
days=825

# Writes the CA's CRL from the revocation database into crl/, replacing the
# previous one in one rename.
write_crl() {
  [[ -f ca.cnf ]] || cat >ca.cnf <<'CNF'
[ ca ]
default_ca = dev
[ dev ]
database = index.txt
crlnumber = crlnumber
certificate = ca.pem
private_key = ca.key
default_md = sha256
CNF
  [[ -f index.txt ]] || : >index.txt
  [[ -f crlnumber ]] || echo 01 >crlnumber
  mkdir -p crl
  openssl ca -config ca.cnf -gencrl -crldays "$days" -out crl.pem.new \
    2>/dev/null
  mv crl.pem.new crl/ca-crl.pem
  openssl rehash crl >/dev/null
}

if [[ ${1:-} == revoke ]]; then
  dir=${2:?usage: dev_certs.sh revoke DIR ROLE}
  role=${3:?usage: dev_certs.sh revoke DIR ROLE}
  cd "$dir"
  [[ -f "$role.pem" ]] || { echo "no certificate $dir/$role.pem" >&2; exit 1; }
  write_crl  # makes the database for a directory older than revocation
  openssl ca -config ca.cnf -revoke "$role.pem" 2>/dev/null
  write_crl
  echo "revoked $role (serial $(openssl x509 -in "$role.pem" -noout -serial \
    | cut -d= -f2)); CRL: $dir/crl/ca-crl.pem"
  exit 0
fi

dir=${1:?usage: dev_certs.sh DIR}
mkdir -p "$dir"
cd "$dir"
# A browser takes a client's certificate and key as one PKCS#12 file.
pkcs12() {
  local key name
  for key in ./*.key; do
    name=$(basename "$key" .key)
    [[ $name == ca || $name == server || -f $name.p12 ]] && continue
    openssl pkcs12 -export -in "$name.pem" -inkey "$key" -certfile ca.pem \
      -name "$name" -passout pass:keeper -out "$name.p12"
    chmod 600 "$name.p12"
  done
}
if [[ -f ca.pem ]]; then  # already made
  pkcs12
  exit 0
fi

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -keyout ca.key -out ca.pem -days "$days" -subj "/CN=Keeper development CA" \
  2>/dev/null

issue() {  # name subject [extensions]
  local name=$1 subject=$2 ext=${3:-}
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$name.key" -out "$name.csr" -subj "$subject" 2>/dev/null
  local extfile
  extfile=$(mktemp)
  printf '%s\n' "$ext" >"$extfile"
  openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial \
    -out "$name.pem" -days "$days" -extfile "$extfile" 2>/dev/null
  rm -f "$name.csr" "$extfile"
}

issue server "/CN=keeperd" \
  "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1
extendedKeyUsage=serverAuth"

client_ext="extendedKeyUsage=clientAuth"
# name              CN                 O (agency)          OU (role)          L (authority)
while read -r name cn agency role authority; do
  issue "$name" "/CN=$cn/O=$agency/OU=$role/L=$authority" "$client_ext"
done <<'ROLES'
social-worker      sam.social         social_work         social_worker      fife
team-manager       tara.manager       social_work         team_manager       fife
chair              chris.chair        social_work         chair              fife
health-visitor     hana.health        health              health_visitor     fife
police-officer     pat.police         police              police_officer     fife
teacher            tom.teacher        education           teacher            fife
housing-officer    hal.housing        housing             housing_officer    fife
inspector          ivy.inspector      care_inspectorate   inspector          scotland
parent-advocate    ada.advocate       advocacy            advocate           fife
minute-taker       mo.minutes         social_work         minute_taker       fife
social-worker-dundee dee.social       social_work         social_worker      dundee-city
data-protection    dana.dpo           social_work         data_protection_officer fife
ROLES
chmod 600 ./*.key
write_crl  # empty: keeperd refuses every client without a CRL from the CA
pkcs12
