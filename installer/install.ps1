<#
.SYNOPSIS
    Builds the KamHp VST3 plugin with .NET NativeAOT and installs it where Windows VST3 hosts look for it.

.DESCRIPTION
    Bundle layout (VST 3 SDK "merged bundle" format):
        KamHp.vst3\Contents\x86_64-win\KamHp.vst3      (the NativeAOT DLL, renamed)
    Default install folder: %LOCALAPPDATA%\Programs\Common\VST3 (this user). With -System:
    %CommonProgramFiles%\VST3 (all users; run from an elevated shell). The new bundle is copied next to the old one and
    swapped in with a rename, so an interrupted install never leaves a broken plugin behind.

.EXAMPLE
    powershell -ExecutionPolicy Bypass -File installer\install.ps1
.EXAMPLE
    powershell -ExecutionPolicy Bypass -File installer\install.ps1 -System
.EXAMPLE
    powershell -ExecutionPolicy Bypass -File installer\install.ps1 -Uninstall
#>
[CmdletBinding()]
param(
    # Install folder; overrides the per-user / -System defaults.
    [string]$Prefix = "",
    # Install for all users (%CommonProgramFiles%\VST3).
    [switch]$System,
    # Install an already built KamHp.vst3 folder instead of building.
    [string]$Bundle = "",
    # Only build the bundle into artifacts\vst3.
    [switch]$BuildOnly,
    # Remove the installed bundle.
    [switch]$Uninstall,
    # win-x64 or win-arm64.
    [ValidateSet("win-x64", "win-arm64")]
    [string]$Rid = "win-x64"
)

$ErrorActionPreference = "Stop"
$root = Split-Path -Parent $PSScriptRoot

if (-not $Prefix) {
    $Prefix = if ($System) { Join-Path $env:CommonProgramFiles "VST3" } else { Join-Path $env:LOCALAPPDATA "Programs\Common\VST3" }
}
$target = Join-Path $Prefix "KamHp.vst3"

if ($Uninstall) {
    if (Test-Path $target) {
        Remove-Item -Recurse -Force $target
        Write-Output "removed $target"
    } else {
        Write-Output "nothing to remove at $target"
    }
    exit 0
}

if (-not $Bundle) {
    $work = Join-Path ([IO.Path]::GetTempPath()) ("kamhp-build-" + [guid]::NewGuid().ToString("N"))
    try {
        dotnet publish (Join-Path $root "KamHp.Vst3\KamHp.Vst3.csproj") -c Release -r $Rid -o (Join-Path $work "publish") --nologo -v quiet
        if ($LASTEXITCODE -ne 0) { throw "dotnet publish failed with exit code $LASTEXITCODE" }
        $arch = if ($Rid -eq "win-arm64") { "arm64-win" } else { "x86_64-win" }
        $built = Join-Path $work "KamHp.vst3"
        New-Item -ItemType Directory -Force (Join-Path $built "Contents\$arch") | Out-Null
        Copy-Item (Join-Path $work "publish\KamHp.dll") (Join-Path $built "Contents\$arch\KamHp.vst3")

        $artifacts = Join-Path $root "artifacts\vst3"
        New-Item -ItemType Directory -Force $artifacts | Out-Null
        $Bundle = Join-Path $artifacts "KamHp.vst3"
        if (Test-Path $Bundle) { Remove-Item -Recurse -Force $Bundle }
        Move-Item $built $Bundle
    } finally {
        if (Test-Path $work) { Remove-Item -Recurse -Force $work }
    }
    Write-Output "built $Bundle"
}

if ($BuildOnly) { exit 0 }

if (-not (Test-Path (Join-Path $Bundle "Contents"))) {
    Write-Error "install.ps1: $Bundle is not a VST3 bundle (no Contents folder)"
    exit 2
}

New-Item -ItemType Directory -Force $Prefix | Out-Null
$staging = Join-Path $Prefix (".KamHp.vst3." + [guid]::NewGuid().ToString("N"))
Copy-Item -Recurse $Bundle $staging
if (Test-Path $target) {
    $old = Join-Path $Prefix (".KamHp.vst3.old." + [guid]::NewGuid().ToString("N"))
    Move-Item $target $old
    Move-Item $staging $target
    Remove-Item -Recurse -Force $old
} else {
    Move-Item $staging $target
}
Write-Output "installed $target"
