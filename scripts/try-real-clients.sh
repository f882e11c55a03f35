#!/usr/bin/env bash
# Runs real Cloud Director clients (pyvcloud, vcd-cli) against a fresh local cell and reports each check.
#   PYVCLOUD_DIR=~/src/pyvcloud VCDCLI_DIR=~/src/vcd-cli scripts/try-real-clients.sh
# Both are your own checkouts (github.com/vmware-archive/pyvcloud and vcd-cli); nothing of theirs lives here.
# Their Python dependencies come from Debian (see README.md, "Real clients"); PYTHON picks the interpreter.
set -uo pipefail
cd "$(dirname "$0")/.."
: "${PYVCLOUD_DIR:?set PYVCLOUD_DIR to a pyvcloud checkout}"
: "${VCDCLI_DIR:?set VCDCLI_DIR to a vcd-cli checkout}"
PYTHON=${PYTHON:-/usr/bin/python3}
export PATH=$PWD/node_modules/.bin:$PATH

work=$(mktemp -d)
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

ADMIN_PW='Adm1n-Passw0rd!'
TENANT_PW='Tenant-Passw0rd!'
cat > "$work/seed.yaml" <<SEED
system:
  users: [{ name: administrator, password: '$ADMIN_PW' }]
orgs:
  - name: ExampleOrg
    users: [{ name: orgadmin, password: '$TENANT_PW', role: Organization Administrator }]
SEED

node src/cli/main.ts serve --data "$work/data" --port 0 --seed "$work/seed.yaml" --log-level warn > "$work/server.out" 2>&1 &
server=$!
for _ in $(seq 50); do
  url=$(sed -n 's/^vcdkit cell listening on \(http[^ ]*\).*/\1/p' "$work/server.out")
  [ -n "$url" ] && break
  sleep 0.2
done
if [ -z "${url:-}" ]; then cat "$work/server.out"; echo "the cell did not start"; exit 1; fi
echo "cell at $url"

# vcd-cli imports pycryptodome as "Crypto" (for its browser-cookie login); Debian ships it as "Cryptodome".
mkdir -p "$work/shim" "$work/home"
if ! "$PYTHON" -c 'import Crypto' 2>/dev/null; then
  ln -s "$("$PYTHON" -c 'import Cryptodome, os; print(os.path.dirname(Cryptodome.__file__))')" "$work/shim/Crypto"
fi
export PYTHONPATH="$PYVCLOUD_DIR:$VCDCLI_DIR:$work/shim"
export HOME="$work/home"   # vcd-cli keeps its profile (and token) in ~/.vcd-cli

passed=0 failed=0
check() {
  local name=$1; shift
  if (cd "$work/home" && "$@") > "$work/out" 2>&1; then
    passed=$((passed + 1)); echo "PASS  $name"
  else
    failed=$((failed + 1)); echo "FAIL  $name"; sed 's/^/      /' "$work/out"
  fi
}

# pyvcloud: log in, list orgs, read the logged-in org, log out, and see the token refused afterwards.
pyvcloud() {
  "$PYTHON" - "$url" "$@" <<'PY'
import sys
import requests
from pyvcloud.vcd.client import BasicLoginCredentials, Client
url, user, org, password, version, expected = sys.argv[1:7]
client = Client(url, api_version=version or None, verify_ssl_certs=False, log_file='pyvcloud.log')
client.set_credentials(BasicLoginCredentials(user, org, password))
names = sorted(o.get('name') for o in client.get_org_list())
assert names == sorted(expected.split(',')), names
assert client.get_org().get('name') == org, client.get_org().get('name')
token = client.get_access_token() or client.get_xvcloud_authorization_token()
client.logout()
after = requests.get(f'{url}/api/session', headers={'Accept': f'application/*+xml;version={client.get_api_version()}',
                                                    'x-vcloud-authorization': token})
assert after.status_code == 401, after.status_code
print('api', client.get_api_version(), 'orgs', names)
PY
}
check 'pyvcloud defaults (CloudAPI login), tenant' pyvcloud orgadmin ExampleOrg "$TENANT_PW" '' ExampleOrg
check 'pyvcloud defaults (CloudAPI provider login)' pyvcloud administrator System "$ADMIN_PW" '' System,demo,ExampleOrg
check "pyvcloud api_version 32.0 (POST /api/sessions), tenant" pyvcloud orgadmin ExampleOrg "$TENANT_PW" 32.0 ExampleOrg
check "pyvcloud api_version 32.0 (POST /api/sessions), provider" pyvcloud administrator System "$ADMIN_PW" 32.0 System,demo,ExampleOrg

# A wrong password must surface as pyvcloud's UnauthorizedException (a 401 with a readable error body).
wrong_password() {
  "$PYTHON" - "$url" <<'PY'
import sys
from pyvcloud.vcd.client import BasicLoginCredentials, Client
from pyvcloud.vcd.exceptions import UnauthorizedException
client = Client(sys.argv[1], verify_ssl_certs=False, log_file='pyvcloud.log')
try:
    client.set_credentials(BasicLoginCredentials('orgadmin', 'ExampleOrg', 'not-the-password'))
except UnauthorizedException as e:
    print('refused:', e)
else:
    sys.exit('logged in with a wrong password')
PY
}
check 'pyvcloud wrong password is refused with UnauthorizedException' wrong_password

vcd() { "$PYTHON" -c 'import sys; sys.argv[0] = "vcd"; from vcd_cli.vcd import vcd; vcd()' "$@"; }
lists() { vcd org list > "$work/orgs" && cat "$work/orgs" && for name in "$@"; do grep -qw "$name" "$work/orgs" || return 1; done; }
refused() { ! vcd org list; }
check 'vcd login (provider)' vcd login "$url" System administrator -p "$ADMIN_PW"
check 'vcd org list' lists System ExampleOrg
check 'vcd logout' vcd logout
check 'vcd org list after logout is refused' refused
check 'vcd login -V 32.0 (provider, POST /api/sessions)' vcd login "$url" System administrator -p "$ADMIN_PW" -V 32.0
check 'vcd org list (32.0)' lists System ExampleOrg
check 'vcd logout (32.0)' vcd logout
# Below API 33.0 vcd-cli takes the org's VDC links from the Org itself, with no query.
check 'vcd login -V 32.0 (tenant)' vcd login "$url" ExampleOrg orgadmin -p "$TENANT_PW" -V 32.0
check 'vcd org list (tenant, 32.0)' lists ExampleOrg
check 'vcd logout (tenant, 32.0)' vcd logout
# A tenant login also lists the org's VDCs through the query service (GET /api/query?type=orgVdc…).
check 'vcd login (tenant)' vcd login "$url" ExampleOrg orgadmin -p "$TENANT_PW"
check 'vcd org list (tenant)' lists ExampleOrg
# What the Org links to: its users, and catalogs and VDCs (none exist yet, so empty lists, not errors).
check 'vcd org info (tenant)' vcd org info ExampleOrg
users() { vcd user list > "$work/users" && grep -qw orgadmin "$work/users"; }
check 'vcd user list (tenant)' users
check 'vcd catalog list (tenant)' vcd catalog list
check 'vcd vdc list (tenant)' vcd vdc list
check 'vcd logout (tenant)' vcd logout

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
