#!/usr/bin/env bash
# Installs Debian's nginx when it is missing (the cluster smoke and `BENCH_TOPOLOGY=nginx` need it), as .ci/run
# installs Chromium. The package's own service is not started: scripts/cluster.mjs runs nginx as a plain process
# with a configuration of its own in a temporary folder.
set -euo pipefail
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "nginx is missing: install Debian's nginx (sudo apt-get install nginx-light, or nginx)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# policy-rc.d keeps the package from starting its own nginx on port 80.
cleanup_policy=false
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  cleanup_policy=true
fi
apt-get install -y -qq --no-install-recommends nginx-light >/dev/null 2>&1 || apt-get install -y -qq --no-install-recommends nginx >/dev/null
if $cleanup_policy; then rm -f /usr/sbin/policy-rc.d; fi
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]
