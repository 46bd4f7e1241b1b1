#!/bin/sh
# Checks for what building and testing need (a C compiler, CMake, make, pkg-config) and, when run as root on
# Debian, installs what is missing. Otherwise it names what to install and stops.
missing=""
command -v cmake >/dev/null 2>&1 || missing="$missing cmake"
command -v cc >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1 || missing="$missing gcc"
command -v make >/dev/null 2>&1 || missing="$missing make"
command -v pkg-config >/dev/null 2>&1 || missing="$missing pkg-config"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing missing Debian packages:$missing"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing || exit 1
else
    echo "missing tools:$missing"
    echo "install them first, e.g.: sudo apt-get install$missing"
    exit 1
fi
