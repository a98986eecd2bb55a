#!/bin/sh
# Fetch Atkinson Hyperlegible (Braille Institute, SIL OFL 1.1; see OFL.txt)
# from the npm package @expo-google-fonts/atkinson-hyperlegible, check it
# against pinned SHA-256 sums, and put the regular and bold faces here.
# Run from the top of the repository (make fonts does).
set -eu

PKG=@expo-google-fonts/atkinson-hyperlegible
VERSION=0.4.1
URL=https://registry.npmjs.org/@expo-google-fonts/atkinson-hyperlegible/-/atkinson-hyperlegible-$VERSION.tgz
TARBALL_SHA256=63613418090ab82c023ebc3e17ab47b66567d9ac28f9f5ec1855bb145126b60d
REGULAR_SHA256=752bace0a9820236f24d65d680ac07aeb543c92dd903c871e09f6627261b812f
BOLD_SHA256=9ebfea858a99e61e2fc299d194ba55b87de4884094f86fdcb6fa0d510b9d77da
LICENSE_SHA256=f32d22b3908fcad2c86a74000614ec22e6a7f66ea7e867e616026a27aebdc143

dir=fonts
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

check() { # file sum
  got=$(sha256sum "$1" | cut -d' ' -f1)
  if [ "$got" != "$2" ]; then
    echo "fetch-fonts: $1: SHA-256 $got, expected $2" >&2
    exit 1
  fi
}

if command -v npm >/dev/null 2>&1; then
  (cd "$tmp" && npm pack --silent "$PKG@$VERSION" >/dev/null 2>&1) || true
fi
tgz=$(ls "$tmp"/*.tgz 2>/dev/null | head -n 1 || true)
if [ -z "$tgz" ]; then
  tgz=$tmp/font.tgz
  if command -v curl >/dev/null 2>&1; then
    curl -fsSL -o "$tgz" "$URL"
  else
    wget -q -O "$tgz" "$URL"
  fi
fi
check "$tgz" "$TARBALL_SHA256"
tar -xzf "$tgz" -C "$tmp"
p=$tmp/package
check "$p/400Regular/AtkinsonHyperlegible_400Regular.ttf" "$REGULAR_SHA256"
check "$p/700Bold/AtkinsonHyperlegible_700Bold.ttf" "$BOLD_SHA256"
check "$p/LICENSE_FONT" "$LICENSE_SHA256"
check "$dir/OFL.txt" "$LICENSE_SHA256"
cp "$p/400Regular/AtkinsonHyperlegible_400Regular.ttf" "$dir/AtkinsonHyperlegible-Regular.ttf.tmp"
cp "$p/700Bold/AtkinsonHyperlegible_700Bold.ttf" "$dir/AtkinsonHyperlegible-Bold.ttf.tmp"
mv "$dir/AtkinsonHyperlegible-Regular.ttf.tmp" "$dir/AtkinsonHyperlegible-Regular.ttf"
mv "$dir/AtkinsonHyperlegible-Bold.ttf.tmp" "$dir/AtkinsonHyperlegible-Bold.ttf"
echo "fetch-fonts: Atkinson Hyperlegible $VERSION checked and installed in $dir/"
