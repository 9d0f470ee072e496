#!/usr/bin/env bash
# Builds the KamHp VST3 bundle from source with NativeAOT (no .NET runtime needed by the host).
#
#   installer/build-bundle.sh [--output DIR] [--rid RID]
#
# Output (default DIR = <repo>/artifacts/vst3):
#   Linux   DIR/KamHp.vst3/Contents/x86_64-linux/KamHp.so        (aarch64-linux for linux-arm64)
#   macOS   DIR/KamHp.vst3/Contents/MacOS/KamHp + Info.plist + PkgInfo
# Windows bundles are built by installer/install.ps1 (DIR/KamHp.vst3/Contents/x86_64-win/KamHp.vst3).
# NativeAOT does not cross-compile between operating systems, so RID must match the machine's OS.
# The bundle is assembled next to its destination and moved into place, so a failed build never leaves half a bundle.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/installer/build-common.sh"
build_setup build-bundle.sh "$root/artifacts/vst3" "$@"

dotnet publish "$root/KamHp.Vst3/KamHp.Vst3.csproj" -c Release -r "$rid" -o "$work/publish" --nologo -v quiet

bundle="$work/KamHp.vst3"
case "$rid" in
    linux-x64|linux-arm64)
        arch="$([[ $rid == linux-x64 ]] && echo x86_64 || echo aarch64)-linux"
        mkdir -p "$bundle/Contents/$arch"
        cp "$work/publish/KamHp.so" "$bundle/Contents/$arch/KamHp.so"
        # The editor draws with SkiaSharp; its native library ships next to KamHp.so, which loads it from there.
        cp "$work/publish/libSkiaSharp.so" "$bundle/Contents/$arch/libSkiaSharp.so"
        # The editor embeds DejaVu Sans; its licence travels with the bundle.
        mkdir -p "$bundle/Contents/Resources"
        if [[ -f /usr/share/doc/fonts-dejavu-core/copyright ]]; then
            cp /usr/share/doc/fonts-dejavu-core/copyright "$bundle/Contents/Resources/DejaVu-LICENSE.txt"
        fi
        ;;
    osx-x64|osx-arm64)
        version="$(sed -n 's/.*Version = "\([0-9.]*\)".*/\1/p' "$root/KamHp.Vst3/PluginInfo.cs" | head -n 1)"
        mkdir -p "$bundle/Contents/MacOS"
        cp "$work/publish/KamHp.dylib" "$bundle/Contents/MacOS/KamHp"
        printf 'BNDL????' > "$bundle/Contents/PkgInfo"
        cat > "$bundle/Contents/Info.plist" <<PLIST
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>CFBundleDevelopmentRegion</key><string>English</string>
  <key>CFBundleExecutable</key><string>KamHp</string>
  <key>CFBundleIdentifier</key><string>org.kamhp.vst3</string>
  <key>CFBundleName</key><string>KamHp</string>
  <key>CFBundlePackageType</key><string>BNDL</string>
  <key>CFBundleSignature</key><string>????</string>
  <key>CFBundleShortVersionString</key><string>$version</string>
  <key>CFBundleVersion</key><string>$version</string>
</dict>
</plist>
PLIST
        ;;
    *) echo "build-bundle.sh: unsupported RID '$rid' (Windows: use installer/install.ps1)" >&2; exit 1 ;;
esac

rm -rf "$output/KamHp.vst3"
mv "$bundle" "$output/KamHp.vst3"
echo "$output/KamHp.vst3"
