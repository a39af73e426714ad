#!/usr/bin/env bash
# Installs the Debian 12 packages the project builds and tests with, and nothing else.
# Idempotent: when every package is already installed it changes nothing and needs no network.
#   OpenSSL 3, protobuf-c and libpq headers for the system-library targets (DESIGN D1);
#   protoc-c and protoc for Protos/generate.sh (DESIGN D2);
#   PostgreSQL 15 server binaries for deploy/test.sh and deploy/run.sh (DESIGN D5, D10).
# Swift itself is at /opt/swift on these machines and is not a Debian package.
set -euo pipefail

packages=(libssl-dev protobuf-c-compiler libprotobuf-c-dev protobuf-compiler libpq-dev postgresql postgresql-contrib curl jq)

missing=()
for package in "${packages[@]}"; do
    # dpkg-query exits non-zero for a package it has never seen; treat that as missing too.
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$package")
done

if ((${#missing[@]} == 0)); then
    exit 0
fi

if ((EUID != 0)); then
    echo "setup.sh: missing packages (${missing[*]}); run as root to install them" >&2
    exit 1
fi

echo "setup.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive  # no debconf prompts: CI has no standard input
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
