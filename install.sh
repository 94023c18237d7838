#!/bin/sh
# Installs the repo-manager release binary for this machine.
#
#   curl -fsSL https://github.com/<owner>/repo-manager/releases/latest/download/install.sh | sh
#   sh install.sh [--version 1.2.3] [--dir ~/.local/bin] [--target linux-x64] [--from <dir-or-url>] [--dry-run]
#
# Picks the archive for this OS/CPU (musl libc and x64 CPUs without AVX2 get
# their own builds; macOS under Rosetta gets the native arm64 build), checks
# its sha256 against the release's SHA256SUMS, and installs the binary to
# ~/.local/bin (or --dir / $REPO_MANAGER_INSTALL_DIR). Nothing is installed
# when a check fails. POSIX sh: runs under dash, bash, busybox ash and Git Bash
# on Windows (where the .zip is used and repo-manager.exe installed).
set -eu

REPO="${REPO_MANAGER_REPO:-repo-manager/repo-manager}"
VERSION=""
DIR="${REPO_MANAGER_INSTALL_DIR:-$HOME/.local/bin}"
TARGET=""
FROM=""
DRY_RUN=0

say() { printf '%s\n' "$*" >&2; }
die() { say "install.sh: error: $*"; exit 1; }
usage() { say "install.sh: $*"; say "usage: install.sh [--version X.Y.Z] [--dir DIR] [--target NAME] [--from DIR|URL] [--dry-run]"; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --version) [ $# -ge 2 ] || usage "--version needs a value"; VERSION="${2#v}"; shift 2 ;;
    --dir) [ $# -ge 2 ] || usage "--dir needs a value"; DIR="$2"; shift 2 ;;
    --target) [ $# -ge 2 ] || usage "--target needs a value"; TARGET="$2"; shift 2 ;;
    --from) [ $# -ge 2 ] || usage "--from needs a value"; FROM="$2"; shift 2 ;;
    --repo) [ $# -ge 2 ] || usage "--repo needs a value"; REPO="$2"; shift 2 ;;
    --dry-run) DRY_RUN=1; shift ;;
    -h|--help) usage "installs the repo-manager binary" ;;
    *) usage "unknown option '$1'" ;;
  esac
done

is_musl() {
  # Alpine and other musl systems: the loader is ld-musl-*, and ldd says so.
  ls /lib/ld-musl-* >/dev/null 2>&1 && return 0
  ldd --version 2>&1 | grep -qi musl
}

detect_target() {
  os=$(uname -s)
  arch=$(uname -m)
  case "$os" in
    Linux) os=linux ;;
    Darwin) os=darwin ;;
    MINGW*|MSYS*|CYGWIN*|Windows_NT) os=windows ;;
    *) die "no release build for this OS ($os)" ;;
  esac
  case "$arch" in
    x86_64|amd64) arch=x64 ;;
    aarch64|arm64) arch=arm64 ;;
    *) die "no release build for this CPU ($arch)" ;;
  esac
  # An x64 shell under Rosetta 2 on Apple silicon: the native build is faster.
  if [ "$os" = darwin ] && [ "$arch" = x64 ] && [ "$(sysctl -n sysctl.proc_translated 2>/dev/null || true)" = 1 ]; then
    arch=arm64
  fi
  [ "$os-$arch" != windows-arm64 ] || die "no release build for Windows on arm64"
  target="$os-$arch"
  if [ "$target" = linux-x64 ]; then
    if is_musl; then
      target=linux-x64-musl
    elif [ -r /proc/cpuinfo ] && ! grep -q avx2 /proc/cpuinfo; then
      target=linux-x64-baseline
    fi
  fi
  printf '%s\n' "$target"
}

# fetch <url-or-path> <dest>
fetch() {
  case "$1" in
    http://*|https://*)
      if command -v curl >/dev/null 2>&1; then curl -fsSL --retry 3 -o "$2" "$1" || die "download failed: $1"
      elif command -v wget >/dev/null 2>&1; then wget -q -O "$2" "$1" || die "download failed: $1"
      else die "need curl or wget to download $1"; fi ;;
    file://*) cp "${1#file://}" "$2" 2>/dev/null || die "not found: $1" ;;
    *) cp "$1" "$2" 2>/dev/null || die "not found: $1" ;;
  esac
}

latest_version() {
  url="https://github.com/$REPO/releases/latest"
  if command -v curl >/dev/null 2>&1; then
    final=$(curl -fsSLI -o /dev/null -w '%{url_effective}' "$url") || die "cannot reach $url"
  else
    final=$(wget -q -S --spider "$url" 2>&1 | sed -n 's/^ *[Ll]ocation: *//p' | tail -n 1 | tr -d '\r')
  fi
  v="${final##*/}"
  v="${v#v}"
  if [ -z "$v" ] || [ "$v" = latest ]; then die "cannot tell the latest version from $url; pass --version"; fi
  printf '%s\n' "$v"
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
  elif command -v shasum >/dev/null 2>&1; then shasum -a 256 "$1" | cut -d' ' -f1
  elif command -v openssl >/dev/null 2>&1; then openssl dgst -sha256 -r "$1" | cut -d' ' -f1
  else die "need sha256sum, shasum or openssl to verify the download"; fi
}

[ -n "$TARGET" ] || TARGET=$(detect_target)
case "$TARGET" in
  windows-*) ext=zip; exe=repo-manager.exe ;;
  *) ext=tar.gz; exe=repo-manager ;;
esac

TMP=$(mktemp -d 2>/dev/null || mktemp -d -t repo-manager)
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ -z "$VERSION" ]; then
  if [ -n "$FROM" ]; then
    # A local or mirrored release: take the version from its SHA256SUMS.
    fetch "${FROM%/}/SHA256SUMS" "$TMP/SHA256SUMS"
    VERSION=$(sed -n "s/^[0-9a-f]\{64\}  repo-manager-\(.*\)-$TARGET\.$ext\$/\1/p" "$TMP/SHA256SUMS" | head -n 1)
    [ -n "$VERSION" ] || die "SHA256SUMS in $FROM lists no $TARGET archive"
  else
    VERSION=$(latest_version)
  fi
fi
[ -n "$FROM" ] || FROM="https://github.com/$REPO/releases/download/v$VERSION"
ARCHIVE="repo-manager-$VERSION-$TARGET.$ext"

if [ "$DRY_RUN" = 1 ]; then
  printf '%s\n' "${FROM%/}/$ARCHIVE"
  exit 0
fi

[ -f "$TMP/SHA256SUMS" ] || fetch "${FROM%/}/SHA256SUMS" "$TMP/SHA256SUMS"
expected=$(awk -v f="$ARCHIVE" '($2 == f || $2 == "*" f) { print $1; exit }' "$TMP/SHA256SUMS")
[ -n "$expected" ] || die "SHA256SUMS has no entry for $ARCHIVE"
fetch "${FROM%/}/$ARCHIVE" "$TMP/$ARCHIVE"
actual=$(sha256_of "$TMP/$ARCHIVE")
[ "$actual" = "$expected" ] || die "checksum mismatch for $ARCHIVE (expected $expected, got $actual); nothing was installed"

mkdir -p "$TMP/x"
if [ "$ext" = zip ]; then
  command -v unzip >/dev/null 2>&1 || die "need unzip to unpack $ARCHIVE"
  unzip -q "$TMP/$ARCHIVE" -d "$TMP/x" || die "cannot unpack $ARCHIVE"
else
  tar -xzf "$TMP/$ARCHIVE" -C "$TMP/x" || die "cannot unpack $ARCHIVE"
fi
[ -f "$TMP/x/$exe" ] || die "$ARCHIVE holds no $exe"

mkdir -p "$DIR" || die "cannot create $DIR"
# Copy next to the destination, then rename: an interrupted install never leaves half a binary.
cp "$TMP/x/$exe" "$DIR/.$exe.tmp.$$" || die "cannot write to $DIR"
chmod 755 "$DIR/.$exe.tmp.$$"
mv -f "$DIR/.$exe.tmp.$$" "$DIR/$exe" || { rm -f "$DIR/.$exe.tmp.$$"; die "cannot install to $DIR/$exe"; }
say "installed repo-manager $VERSION ($TARGET) to $DIR/$exe"
case ":$PATH:" in
  *":$DIR:"*) ;;
  *) say "note: $DIR is not on your PATH; add it, e.g. export PATH=\"$DIR:\$PATH\"" ;;
esac
