#!/usr/bin/env bash
# Build the govcd-writes driver offline, against the modules ../shared/peers/govcd/setup.sh assembled (run that
# first): GOVCD_PEER is that folder (default: ../shared/peers/govcd beside the checkout).
# The module file is the read driver's go.mod with its relative replace paths made absolute; the binary lands in
# the same .peers/govcd/bin/ as the read driver's.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PEER=${GOVCD_PEER:-$HERE/../../../../shared/peers/govcd}
PEER=$(cd "$PEER" && pwd -P)
DEST=$(cd "$PEER/../../.." && pwd)/.peers/govcd
GO=${GO:-/usr/lib/go-1.23/bin/go}
[ -d "$DEST/mods" ] || { echo "run $PEER/setup.sh first ($DEST/mods is missing)" >&2; exit 1; }
sed -e "s#=> \.\./\.\./\.\./\.peers/#=> $DEST/../#" -e "s#=> \./standin/#=> $PEER/standin/#" \
  -e 's#^module .*#module vcdkit.local/govcd-writes#' "$PEER/go.mod" >"$DEST/writes.mod"
rm -f "$DEST/writes.sum"
rev=$(sed -n '2p;1s/^\(.......\).*/\1/p' "$DEST/mods/github.com/vmware/go-vcloud-director/v3/.revision" | tac | paste -sd' ')
cd "$HERE"
GOTOOLCHAIN=local GOPROXY=off GOSUMDB=off GOWORK=off GOFLAGS= \
  "$GO" build -modfile="$DEST/writes.mod" -mod=mod -trimpath -ldflags "-X 'main.govcdRevision=$rev'" -o "$DEST/bin/govcd-writes" .
echo "$DEST/bin/govcd-writes"
