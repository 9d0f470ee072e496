#!/usr/bin/env bash
# Builds the KamHp VST3 plugin and the kamhp command (both NativeAOT) and installs them.
#
#   installer/install.sh                  plugin to ~/.vst3, kamhp to ~/.local/bin (this user)
#   installer/install.sh --system         plugin to /usr/lib/vst3, kamhp to /usr/local/bin (all users; needs root)
#   installer/install.sh --prefix DIR     plugin to DIR (e.g. /usr/local/lib/vst3)
#   installer/install.sh --bin DIR        kamhp to DIR (e.g. /usr/local/bin)
#   installer/install.sh --bundle PATH    install an already built KamHp.vst3 (only it, unless --kamhp too)
#   installer/install.sh --kamhp PATH     install an already built kamhp (only it, unless --bundle too)
#   installer/install.sh --uninstall [--system | --prefix DIR] [--bin DIR]   remove both
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
bin_dir="$HOME/.local/bin"

prefix="$user_dir"
bundle=""
kamhp=""
uninstall=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --system) prefix="$system_dir"; bin_dir="/usr/local/bin"; shift ;;
        --bin) [[ $# -ge 2 ]] || { echo "install.sh: --bin needs a directory" >&2; exit 1; }; bin_dir="$2"; shift 2 ;;
        --kamhp) [[ $# -ge 2 ]] || { echo "install.sh: --kamhp needs a path" >&2; exit 1; }; kamhp="$2"; shift 2 ;;
        --prefix) [[ $# -ge 2 ]] || { echo "install.sh: --prefix needs a directory" >&2; exit 1; }; prefix="$2"; shift 2 ;;
        --bundle) [[ $# -ge 2 ]] || { echo "install.sh: --bundle needs a path" >&2; exit 1; }; bundle="$2"; shift 2 ;;
        --uninstall) uninstall=1; shift ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) echo "install.sh: unknown argument '$1' (see --help)" >&2; exit 1 ;;
    esac
done

target="$prefix/KamHp.vst3"
if [[ $uninstall -eq 1 ]]; then
    for installed in "$target" "$bin_dir/kamhp" "$(dirname "$bin_dir")/lib/kamhp"; do
        if [[ -e "$installed" || -L "$installed" ]]; then
            rm -rf "$installed"
            echo "removed $installed"
        else
            echo "nothing to remove at $installed"
        fi
    done
    exit 0
fi

# Prebuilt parts given: install just those. Nothing given: build and install both.
want_plugin=1
want_kamhp=1
if [[ -n "$bundle" || -n "$kamhp" ]]; then
    [[ -n "$bundle" ]] || want_plugin=0
    [[ -n "$kamhp" ]] || want_kamhp=0
fi

build_dir="$(mktemp -d)"
trap 'rm -rf "$build_dir"' EXIT
if [[ $want_kamhp -eq 1 ]]; then
    if [[ -z "$kamhp" ]]; then
        kamhp="$("$here/build-cli.sh" --output "$build_dir/cli" | tail -n 1)"
    fi
    if [[ ! -f "$kamhp" || ! -x "$kamhp" ]]; then
        echo "install.sh: $kamhp is not an executable file" >&2
        exit 2
    fi
    # The binary and the native libraries it loads from its own folder (SkiaSharp, for kamhp plot) live together in
    # <bin>/../lib/kamhp; <bin>/kamhp is a link to it. Staged next to the destination and swapped in with a rename.
    lib_dir="$(dirname "$bin_dir")/lib/kamhp"
    mkdir -p "$bin_dir" "$(dirname "$lib_dir")"
    staging="$(mktemp -d "$(dirname "$lib_dir")/.kamhp.XXXXXX")"
    cp "$kamhp" "$staging/kamhp"
    for lib in "$(dirname "$kamhp")"/*.so "$(dirname "$kamhp")"/*.dylib; do
        [[ -e "$lib" ]] && cp "$lib" "$staging/"
    done
    chmod -R u+rwX,go+rX "$staging"
    chmod 0755 "$staging/kamhp"
    if [[ -e "$lib_dir" ]]; then
        old="$lib_dir.old.$$"
        mv "$lib_dir" "$old"
        mv "$staging" "$lib_dir"
        rm -rf "$old"
    else
        mv "$staging" "$lib_dir"
    fi
    ln -sfn "$lib_dir/kamhp" "$bin_dir/kamhp"
    echo "installed $bin_dir/kamhp"
    case ":$PATH:" in
        *":$bin_dir:"*) ;;
        *) echo "note: $bin_dir is not on your PATH; add it (e.g. in ~/.profile: export PATH=\"$bin_dir:\$PATH\")" ;;
    esac
fi

if [[ $want_plugin -eq 0 ]]; then
    exit 0
fi

if [[ -z "$bundle" ]]; then
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
