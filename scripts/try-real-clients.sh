#!/usr/bin/env bash
# Runs real Cloud Director clients (pyvcloud, vcd-cli, and optionally go-vcloud-director) against a fresh local
# cell over https (a self-signed certificate; the clients are told not to verify it) and reports each check.
#   PYVCLOUD_DIR=~/src/pyvcloud VCDCLI_DIR=~/src/vcd-cli scripts/try-real-clients.sh
#   GOVCD_DRIVER=…/govcd-driver  also runs go-vcloud-director (the driver of ../shared/peers/govcd, built there): reads
#   GOVCD_WRITES_DRIVER=…/govcd-writes  and go-vcloud-director's writes (scripts/real-clients/govcd-writes, built by its
#                                build.sh against the same modules): CreateOrg, CreateOrgVdc, deletions; the vApp life
#   TRY_VAPPS=1                  also runs the vApp section: its seed adds a routed network with an IP pool and an
#                                Edge gateway; pyvcloud instantiates a vApp on the network (IPs from the pool), powers
#                                it on and off, undeploys and deletes it; vcd-cli lists networks and gateways (as the
#                                org admin: a vApp Author may not view gateways), then as the vApp Author runs vapp
#                                create/list/info, vm info, power-on/off, undeploy, delete and task list/info; with
#                                GOVCD_WRITES_DRIVER, go-vcloud-director runs the same life (its VCD_FLOW=vapp)
#   KEEP_LOGS=dir                keeps the clients' logs (pyvcloud and vcd-cli log every request and body)
# pyvcloud and vcd-cli are your own checkouts (github.com/vmware-archive/pyvcloud and vcd-cli); nothing of theirs
# lives here. Their Python dependencies come from Debian (see README.md, "Real clients"); PYTHON picks the interpreter.
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
  if [ -n "${KEEP_LOGS:-}" ]; then mkdir -p "$KEEP_LOGS" && cp "$work"/home/*.log "$KEEP_LOGS"/ 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT

ADMIN_PW='Adm1n-Passw0rd!'
TENANT_PW='Tenant-Passw0rd!'
# Names of their own, so that no other org's (the demo org's) catalog or template shares them.
VDC=ClientsVdc CATALOG=ClientsCatalog TEMPLATE='Ubuntu Template with vsftpd' NETWORK=routed-net GATEWAY=edge-01
if [ -n "${TRY_VAPPS:-}" ]; then
  networking="        edgeGateways: [{ name: $GATEWAY }]
        networks:
          - { name: $NETWORK, fenceMode: natRouted, edgeGateway: $GATEWAY, gateway: 192.168.10.1,
              prefixLength: 24, ipRanges: [{ start: 192.168.10.10, end: 192.168.10.200 }] }"
  vm_network=", network: $NETWORK"
fi
cat > "$work/seed.yaml" <<SEED
system:
  users: [{ name: administrator, password: '$ADMIN_PW' }]
orgs:
  - name: ExampleOrg
    users:
      - { name: orgadmin, password: '$TENANT_PW', role: Organization Administrator }
      - { name: author, password: '$TENANT_PW', role: vApp Author }
    vdcs:
      - name: $VDC
        allocationModel: AllocationVApp
        cpuLimitMhz: 20000
        memoryLimitMb: 65536
        storageProfiles: [{ name: Gold, limitMb: 1048576, default: true }]
${networking:-}
    catalogs:
      - name: $CATALOG
        description: templates for the clients
        templates:
          - name: $TEMPLATE
            description: an Ubuntu VM
            vms: [{ name: web, cpus: 1, memoryMb: 1024, diskMb: 10240, osType: ubuntu64Guest${vm_network:-} }]
        media: [{ name: ubuntu.iso, sizeMb: 700 }]
SEED

node src/cli/main.ts serve --tls --data "$work/data" --port 0 --seed "$work/seed.yaml" --log-level warn > "$work/server.out" 2>&1 &
server=$!
for _ in $(seq 150); do  # up to 30 s: a cold start on a busy machine is slow
  url=$(sed -n 's/^vcdkit cell listening on \(https[^ ]*\).*/\1/p' "$work/server.out")
  [ -n "$url" ] && break
  sleep 0.2
done
if [ -z "${url:-}" ]; then cat "$work/server.out"; echo "the cell did not start"; exit 1; fi
host=${url#https://}
echo "cell at $url"

# vcd-cli imports pycryptodome as "Crypto" (for its browser-cookie login); Debian ships it as "Cryptodome".
mkdir -p "$work/shim" "$work/home"
if ! "$PYTHON" -c 'import Crypto' 2>/dev/null; then
  ln -s "$("$PYTHON" -c 'import Cryptodome, os; print(os.path.dirname(Cryptodome.__file__))')" "$work/shim/Crypto"
fi
export PYTHONPATH="$PYVCLOUD_DIR:$VCDCLI_DIR:$work/shim"
export HOME="$work/home"   # vcd-cli keeps its profile (and token) in ~/.vcd-cli
export PYTHONWARNINGS=ignore  # urllib3's warning about the unverified certificate, on every request

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
after = requests.get(f'{url}/api/session', verify=False, headers={
    'Accept': f'application/*+xml;version={client.get_api_version()}', 'x-vcloud-authorization': token})
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

# pyvcloud beyond login: one step of its API per run; the step's name picks it (see the table in the script below).
pyv() {
  "$PYTHON" - "$url" "$@" <<'PY'
import sys
from pyvcloud.vcd.client import BasicLoginCredentials, Client, EntityType
from pyvcloud.vcd.org import Org
from pyvcloud.vcd.system import System
from pyvcloud.vcd.vapp import VApp
from pyvcloud.vcd.vdc import VDC
url, step, user, org_name, password, vdc_name, catalog, template, network = sys.argv[1:10]
client = Client(url, verify_ssl_certs=False, log_file='pyvcloud.log', log_requests=True, log_headers=True, log_bodies=True)
client.set_credentials(BasicLoginCredentials(user, org_name, password))
wait = client.get_task_monitor().wait_for_success
def org(name='ExampleOrg'):
    return Org(client, resource=client.get_org_by_name(name) if client.is_sysadmin() else client.get_org())
def vdc():
    return VDC(client, resource=org().get_vdc(vdc_name))
def vapp(name='pyvcloud-vapp'):
    return VApp(client, resource=vdc().get_vapp(name))

def vdc_resource():
    v = vdc().get_resource()
    assert v.get('name') == vdc_name, v.get('name')
    return v.get('name'), str(v.AllocationModel), [p.get('name') for p in vdc().get_storage_profiles()]
def catalogs():
    names = [c['name'] for c in org().list_catalogs()]
    assert catalog in names, names
    return names
def catalog_item():
    item = org().get_catalog_item(catalog, template)
    t = client.get_resource(item.Entity.get('href'))
    assert t.get('name') == template and t.get('status') == '8', (t.get('name'), t.get('status'))
    return t.get('name'), [vm.get('name') for vm in t.Children.Vm]
def vdc_task():
    # a VDC edit (PUT /api/vdc) answers a Task, which the task monitor follows to its end
    v = vdc().get_resource()
    v.Description = 'edited by pyvcloud'
    task = wait(client.put_resource(v.get('href'), v, EntityType.VDC.value))
    return task.get('operationName'), task.get('status')
def enable_vdc():
    provider_vdc = vdc()
    provider_vdc.enable_vdc(False)
    assert VDC(client, href=provider_vdc.href).get_resource().IsEnabled.text == 'false'
    provider_vdc.enable_vdc(True)
    return 'disabled, enabled'
def create_org():
    system = System(client, admin_resource=client.get_admin())
    created = system.create_org('PyvcloudOrg', 'Made by pyvcloud', True)
    assert client.get_org_by_name('PyvcloudOrg').get('name') == 'PyvcloudOrg'
    task = wait(system.delete_org('PyvcloudOrg', True, True))
    return created.get('name'), 'deleted:', task.get('status')

# the vApp section (TRY_VAPPS=1)
def instantiate():
    created = vdc().instantiate_vapp('pyvcloud-vapp', catalog, template, network=network, ip_allocation_mode='pool', deploy=True, power_on=False)
    task = wait(created.Tasks.Task[0])
    return created.get('name'), task.get('status')
def power_on():
    return wait(vapp().power_on()).get('status'), vapp().get_power_state()
def refuse_delete_while_on():
    try:
        wait(vdc().delete_vapp('pyvcloud-vapp'))
    except Exception as e:
        return 'refused:', e
    raise AssertionError('a powered-on vApp was deleted')
def vm_ip():
    vm = vapp().get_all_vms()[0]
    nic = vm.NetworkConnectionSection.NetworkConnection
    return vm.get('name'), str(nic.IpAddress), str(nic.MACAddress)
def power_off():
    return wait(vapp().power_off()).get('status'), vapp().get_power_state()
def undeploy():
    return wait(vapp().undeploy()).get('status'), vapp().is_deployed()
def delete():
    task = wait(vdc().delete_vapp('pyvcloud-vapp'))
    try:
        vdc().get_vapp('pyvcloud-vapp')
    except Exception:
        return task.get('status'), 'gone'
    raise AssertionError('the vApp is still there')

result = globals()[step]()
print(*(result if isinstance(result, tuple) else (result,)))
PY
}
tenant=(orgadmin ExampleOrg "$TENANT_PW" "$VDC" "$CATALOG" "$TEMPLATE" "$NETWORK")
provider=(administrator System "$ADMIN_PW" "$VDC" "$CATALOG" "$TEMPLATE" "$NETWORK")
check 'pyvcloud Org.get_vdc, VDC resource and storage profiles' pyv vdc_resource "${tenant[@]}"
check 'pyvcloud Org.list_catalogs' pyv catalogs "${tenant[@]}"
check 'pyvcloud Org.get_catalog_item, then its vApp template' pyv catalog_item "${tenant[@]}"
check 'pyvcloud VDC edit, task monitor waits on its Task' pyv vdc_task "${tenant[@]}"
check 'pyvcloud VDC.enable_vdc(False/True) (provider)' pyv enable_vdc "${provider[@]}"
check 'pyvcloud System.create_org, delete_org and its Task (provider)' pyv create_org "${provider[@]}"

vcd() { "$PYTHON" -c 'import sys; sys.argv[0] = "vcd"; from vcd_cli.vcd import vcd; vcd()' "$@"; }
shows() { local out; out=$(vcd "${@:2}") && echo "$out" && for word in $1; do grep -qF -- "$word" <<<"$out" || return 1; done; }
lists() { shows "$*" org list; }
refused() { ! vcd org list; }
# fails_saying TEXT args…: the command fails, and says TEXT
fails_saying() { local out; out=$(vcd "${@:2}" 2>&1) && return 1; grep -qF -- "$1" <<<"$out"; }
# -i: do not verify the cell's self-signed certificate; -w: nor warn about it
check 'vcd login (provider)' vcd login "$host" System administrator -p "$ADMIN_PW" -i -w
check 'vcd org list' lists System ExampleOrg
check 'vcd logout' vcd logout
check 'vcd org list after logout is refused' refused
check 'vcd login -V 32.0 (provider, POST /api/sessions)' vcd login "$host" System administrator -p "$ADMIN_PW" -V 32.0 -i -w
check 'vcd org list (32.0)' lists System ExampleOrg
check 'vcd logout (32.0)' vcd logout
# Below API 33.0 vcd-cli takes the org's VDC links from the Org itself, with no query.
check 'vcd login -V 32.0 (tenant)' vcd login "$host" ExampleOrg orgadmin -p "$TENANT_PW" -V 32.0 -i -w
check 'vcd org list (tenant, 32.0)' lists ExampleOrg
check 'vcd logout (tenant, 32.0)' vcd logout
# A tenant login also lists the org's VDCs through the query service (GET /api/query?type=orgVdc…).
check 'vcd login (tenant)' vcd login "$host" ExampleOrg orgadmin -p "$TENANT_PW" -i -w
check 'vcd org list (tenant)' lists ExampleOrg
check 'vcd org info (tenant)' shows "$VDC $CATALOG" org info ExampleOrg
check 'vcd user list (tenant)' shows "orgadmin author" user list
check 'vcd vdc list' shows "$VDC" vdc list
check 'vcd vdc info' shows "AllocationVApp Gold" vdc info "$VDC"
check 'vcd catalog list' shows "$CATALOG" catalog list
check 'vcd catalog info (with its access settings)' shows "$CATALOG is_shared_to_everyone" catalog info "$CATALOG"
check 'vcd catalog info <item> (the template)' shows "template-name template-vm-1" catalog info "$CATALOG" "$TEMPLATE"
check 'vcd catalog create (waits on its Task)' shows "success" catalog create CliCatalog -d 'made by vcd-cli'
check 'vcd task list' shows "catalogCreateCatalog CliCatalog" task list
# task_info <operation>: the newest task (the list's first) is read by its id and shows that operation, succeeded
task_info() { local id; id=$(vcd -j task list | "$PYTHON" -c 'import json, sys; print(json.load(sys.stdin)[0]["id"])') && shows "$1 success" task info "$id"; }
check 'vcd task info' task_info catalogCreateCatalog
check 'vcd catalog delete' vcd catalog delete CliCatalog -y
check 'vcd logout (tenant)' vcd logout

# go-vcloud-director (the Terraform provider's library), over https: it takes ids only from https hrefs.
if [ -n "${GOVCD_DRIVER:-}" ]; then
  # govcd VAR=value…: the driver with the cell's URL, the seed's names and the given login
  govcd() { env VCD_URL="$url/api" VCD_CATALOG="$CATALOG" VCD_TEMPLATE="$TEMPLATE" VCD_VDC="$VDC" GOVCD_LOG_FILE="$work/home/govcd.log" "$@" "$GOVCD_DRIVER"; }
  check 'govcd tenant: org, VDC, catalog, item, vApp template, queries' govcd VCD_ORG=ExampleOrg VCD_USER=orgadmin VCD_PASSWORD="$TENANT_PW" VCD_ADMIN=1
  check 'govcd provider: every org, admin orgs, adminOrgVdc query, GetVcdShortVersion' govcd VCD_ORG=System VCD_USER=administrator VCD_PASSWORD="$ADMIN_PW" VCD_TARGET_ORG=ExampleOrg
fi
if [ -n "${GOVCD_WRITES_DRIVER:-}" ]; then
  # govcdw VAR=value…: the writes driver with the cell's URL and the seed's names
  govcdw() { env VCD_URL="$url/api" VCD_CATALOG="$CATALOG" VCD_TEMPLATE="$TEMPLATE" VCD_VDC="$VDC" VCD_NETWORK="$NETWORK" GOVCD_LOG_FILE="$work/home/govcd-writes.log" "$@" "$GOVCD_WRITES_DRIVER"; }
  check 'govcd provider writes: CreateOrg, CreateOrgVdc on a provider VDC, Vdc.DeleteWait, AdminOrg.Delete' govcdw VCD_FLOW=provider VCD_ORG=System VCD_USER=administrator VCD_PASSWORD="$ADMIN_PW"
fi

# The vApp section: what Hello vCloud does next.
if [ -n "${TRY_VAPPS:-}" ]; then
  echo "--- vApps (networks, Edge gateways, vApps, VMs)"
  author=(author ExampleOrg "$TENANT_PW" "$VDC" "$CATALOG" "$TEMPLATE" "$NETWORK")
  check 'pyvcloud VDC.instantiate_vapp, task monitor' pyv instantiate "${author[@]}"
  check 'pyvcloud VApp.power_on' pyv power_on "${author[@]}"
  check 'pyvcloud VM has an IP from the pool and a MAC' pyv vm_ip "${author[@]}"
  check 'pyvcloud VDC.delete_vapp refused while powered on' pyv refuse_delete_while_on "${author[@]}"
  check 'pyvcloud VApp.power_off' pyv power_off "${author[@]}"
  check 'pyvcloud VApp.undeploy' pyv undeploy "${author[@]}"
  check 'pyvcloud VDC.delete_vapp, gone' pyv delete "${author[@]}"

  check 'vcd login (tenant)' vcd login "$host" ExampleOrg orgadmin -p "$TENANT_PW" -i -w
  check 'vcd network list' shows "$NETWORK" network list
  check 'vcd gateway list' shows "$GATEWAY" gateway list
  check 'vcd logout (tenant)' vcd logout
  check 'vcd login (vApp Author)' vcd login "$host" ExampleOrg author -p "$TENANT_PW" -i -w
  # -i (--ip-allocation-mode) takes pool or dhcp
  check 'vcd vapp create -n <network> -i pool' shows "success" vapp create cli-vapp -c "$CATALOG" -t "$TEMPLATE" -n "$NETWORK" -i pool
  check 'vcd vapp list' shows "cli-vapp" vapp list
  check 'vcd vapp info' shows "cli-vapp" vapp info cli-vapp
  check 'vcd vm info' shows "web" vm info cli-vapp web
  # the VM's sections (issue 18): each list-* command reads its section; the update-* ones wait on a Task
  check 'vcd vm list-product-sections' vcd vm list-product-sections cli-vapp web
  check 'vcd vm list-os-section' shows "ubuntu64Guest" vm list-os-section cli-vapp web
  check 'vcd vm list-runtime-info' vcd vm list-runtime-info cli-vapp web
  check 'vcd vm list-vm-capabilities' shows "MemoryHotAddEnabled CpuHotAddEnabled" vm list-vm-capabilities cli-vapp web
  check 'vcd vm update-vm-capabilities' shows "success" vm update-vm-capabilities cli-vapp web --enable-memory-hot-add
  check 'vcd vm list-boot-options' shows "BootDelay EnterBIOSSetup" vm list-boot-options cli-vapp web
  check 'vcd vm update-boot-options' shows "success" vm update-boot-options cli-vapp web --bool-delay 5
  check 'vcd vm list-virtual-hardware-section --is-include-disk' shows "Hard disk 1" vm list-virtual-hardware-section cli-vapp web --is-include-disk true
  check 'vcd role list' shows "vApp Author" role list
  # vcd-cli sends the status in upper case, which VCD refuses: "Value 'RUNNING' not found."
  check 'vcd task list RUNNING (refused as VCD refuses it)' fails_saying "Value 'RUNNING' not found" task list RUNNING
  # vcd vapp create always powers the vApp on: power it off before powering it on again
  check 'vcd vapp power-off' shows "success" vapp power-off cli-vapp -y
  check 'vcd vapp power-on' shows "success" vapp power-on cli-vapp
  check 'vcd vapp power-off (again)' shows "success" vapp power-off cli-vapp -y
  check 'vcd vapp undeploy' shows "success" vapp undeploy cli-vapp -y
  check 'vcd vapp delete' vcd vapp delete cli-vapp -y
  check "vcd task list (the vApp's tasks)" shows "cli-vapp success" task list
  check 'vcd task info' task_info vdcDeleteVapp
  check 'vcd logout (vApp Author)' vcd logout

  if [ -n "${GOVCD_WRITES_DRIVER:-}" ]; then
    check 'govcd vApp: instantiate, power on, refuse delete, power off, undeploy, delete' govcdw VCD_FLOW=vapp VCD_ORG=ExampleOrg VCD_USER=author VCD_PASSWORD="$TENANT_PW"
  fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
