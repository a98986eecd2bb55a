#!/bin/sh
# Fetch Atkinson Hyperlegible Next (the body face: Atkinson Hyperlegible
# redrawn with the letters of Welsh, Polish, Romanian and Vietnamese among
# many more; SIL OFL 1.1, see OFL-AtkinsonHyperlegibleNext.txt) and
# Atkinson Hyperlegible (Braille Institute, SIL OFL 1.1, see OFL.txt), from
# the npm packages @expo-google-fonts/atkinson-hyperlegible-next and
# @expo-google-fonts/atkinson-hyperlegible, check them against pinned
# SHA-256 sums, and put the regular and bold faces of each here.
# Run from the top of the repository (make fonts does).
set -eu

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

# fetch PACKAGE VERSION TARBALL_SHA256: the package's tarball, checked and
# unpacked into $tmp/<its name>; prints that folder
fetch() {
  name=${1#@expo-google-fonts/}
  url=https://registry.npmjs.org/$1/-/$name-$2.tgz
  mkdir -p "$tmp/$name"
  if command -v npm >/dev/null 2>&1; then
    (cd "$tmp/$name" && npm pack --silent "$1@$2" >/dev/null 2>&1) || true
  fi
  tgz=$(ls "$tmp/$name"/*.tgz 2>/dev/null | head -n 1 || true)
  if [ -z "$tgz" ]; then
    tgz=$tmp/$name/font.tgz
    if command -v curl >/dev/null 2>&1; then
      curl -fsSL -o "$tgz" "$url"
    else
      wget -q -O "$tgz" "$url"
    fi
  fi
  check "$tgz" "$3"
  tar -xzf "$tgz" -C "$tmp/$name"
  echo "$tmp/$name/package"
}

# install FROM TO: copy into place through a temporary name
install_font() {
  cp "$1" "$dir/$2.tmp"
  mv "$dir/$2.tmp" "$dir/$2"
}

VERSION=0.4.1

p=$(fetch @expo-google-fonts/atkinson-hyperlegible $VERSION \
      63613418090ab82c023ebc3e17ab47b66567d9ac28f9f5ec1855bb145126b60d)
check "$p/400Regular/AtkinsonHyperlegible_400Regular.ttf" \
      752bace0a9820236f24d65d680ac07aeb543c92dd903c871e09f6627261b812f
check "$p/700Bold/AtkinsonHyperlegible_700Bold.ttf" \
      9ebfea858a99e61e2fc299d194ba55b87de4884094f86fdcb6fa0d510b9d77da
check "$p/LICENSE_FONT" f32d22b3908fcad2c86a74000614ec22e6a7f66ea7e867e616026a27aebdc143
check "$dir/OFL.txt" f32d22b3908fcad2c86a74000614ec22e6a7f66ea7e867e616026a27aebdc143
install_font "$p/400Regular/AtkinsonHyperlegible_400Regular.ttf" AtkinsonHyperlegible-Regular.ttf
install_font "$p/700Bold/AtkinsonHyperlegible_700Bold.ttf" AtkinsonHyperlegible-Bold.ttf

p=$(fetch @expo-google-fonts/atkinson-hyperlegible-next $VERSION \
      9c98b93e3f7dd7d7819f9c439aac9fb5b5466781fa1eb002caeb52eb7cb15ce8)
check "$p/400Regular/AtkinsonHyperlegibleNext_400Regular.ttf" \
      60f8c1a1b2e7da47ff7af95c3e5b5b1232ca5b3771e93eb587784f08fb1e6650
check "$p/700Bold/AtkinsonHyperlegibleNext_700Bold.ttf" \
      4ba7415b7095e546720446b6d47daa95d6f482d9fd40c729793e21d67cc9f366
check "$p/LICENSE_FONT" aca6a428580965d2297d1b718042dd427c2a9443ece3b0d02d758e161e0c4030
check "$dir/OFL-AtkinsonHyperlegibleNext.txt" \
      aca6a428580965d2297d1b718042dd427c2a9443ece3b0d02d758e161e0c4030
install_font "$p/400Regular/AtkinsonHyperlegibleNext_400Regular.ttf" \
             AtkinsonHyperlegibleNext-Regular.ttf
install_font "$p/700Bold/AtkinsonHyperlegibleNext_700Bold.ttf" AtkinsonHyperlegibleNext-Bold.ttf

echo "fetch-fonts: Atkinson Hyperlegible and Atkinson Hyperlegible Next $VERSION checked and installed in $dir/"
