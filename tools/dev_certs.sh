#!/usr/bin/env bash
# Makes a development CA, a server certificate for localhost, and one client
# certificate per role, for running Keeper locally and in tests. Never use
# these in production: the CA key sits beside the certificates.
#
#   tools/dev_certs.sh DIR
#
# A client's identity comes from its certificate: CN = the person or system,
# O = the agency, OU = the role, L = the local authority.
set -euo pipefail
dir=${1:?usage: dev_certs.sh DIR}
mkdir -p "$dir"
cd "$dir"
[[ -f ca.pem ]] && exit 0  # already made

days=825
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
