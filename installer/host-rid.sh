# Sourced by the build scripts: host_rid NAME prints the .NET runtime identifier of this machine, or fails with a
# line naming the calling script NAME.
host_rid() {
    case "$(uname -s)-$(uname -m)" in
        Linux-x86_64) echo linux-x64 ;;
        Linux-aarch64) echo linux-arm64 ;;
        Darwin-x86_64) echo osx-x64 ;;
        Darwin-arm64) echo osx-arm64 ;;
        *) echo "$1: unsupported machine $(uname -s)-$(uname -m); pass --rid" >&2; return 1 ;;
    esac
}
