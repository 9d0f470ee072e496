#!/usr/bin/env bash
# Builds the KamHp VST3 plugin and installs it where VST3 hosts look for it.
#
#   installer/install.sh                  build and install to ~/.vst3 (this user)
#   installer/install.sh --system         build and install to /usr/lib/vst3 (all users; needs root)
#   installer/install.sh --prefix DIR     build and install to DIR (e.g. /usr/local/lib/vst3)
#   installer/install.sh --bundle PATH    install an already built KamHp.vst3 instead of building
#   installer/install.sh --uninstall [--system | --prefix DIR]
#
# Linux hosts search ~/.vst3, /usr/lib/vst3, /usr/local/lib/vst3 (recursively); macOS hosts ~/Library/Audio/Plug-Ins/VST3
# and /Library/Audio/Plug-Ins/VST3, which are this script's defaults on macOS. The new bundle is copied next to the
# old one and swapped in with a rename, so an interrupted install never leaves a broken plugin behind.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ "$(uname -s)" == Darwin ]]; then
    user_dir="$HOME/Library/Audio/Plug-Ins/VST3"
    system_dir="/Library/Audio/Plug-Ins/VST3"
else
    user_dir="$HOME/.vst3"
    system_dir="/usr/lib/vst3"
fi

prefix="$user_dir"
bundle=""
uninstall=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --system) prefix="$system_dir"; shift ;;
        --prefix) [[ $# -ge 2 ]] || { echo "install.sh: --prefix needs a directory" >&2; exit 1; }; prefix="$2"; shift 2 ;;
        --bundle) [[ $# -ge 2 ]] || { echo "install.sh: --bundle needs a path" >&2; exit 1; }; bundle="$2"; shift 2 ;;
        --uninstall) uninstall=1; shift ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) echo "install.sh: unknown argument '$1' (see --help)" >&2; exit 1 ;;
    esac
done

target="$prefix/KamHp.vst3"
if [[ $uninstall -eq 1 ]]; then
    if [[ -e "$target" ]]; then
        rm -rf "$target"
        echo "removed $target"
    else
        echo "nothing to remove at $target"
    fi
    exit 0
fi

if [[ -z "$bundle" ]]; then
    build_dir="$(mktemp -d)"
    trap 'rm -rf "$build_dir"' EXIT
    bundle="$("$here/build-bundle.sh" --output "$build_dir" | tail -n 1)"
fi

if [[ ! -d "$bundle/Contents" ]]; then
    echo "install.sh: $bundle is not a VST3 bundle (no Contents folder)" >&2
    exit 2
fi

mkdir -p "$prefix"
staging="$(mktemp -d "$prefix/.KamHp.vst3.XXXXXX")"
cp -R "$bundle/." "$staging/"
chmod -R u+rwX,go+rX "$staging"
if [[ -e "$target" ]]; then
    old="$prefix/.KamHp.vst3.old.$$"
    mv "$target" "$old"
    mv "$staging" "$target"
    rm -rf "$old"
else
    mv "$staging" "$target"
fi
echo "installed $target"
