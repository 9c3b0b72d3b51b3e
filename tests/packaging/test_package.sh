#!/usr/bin/env bash
# tst_package: builds the .deb and .tar.gz the way a release does (`cmake --build B --target
# package`), inspects them, validates the desktop metadata, unpacks the .deb into a scratch
# root (never onto this machine) and runs the installed programs from there.
#   usage: test_package.sh BUILD_DIR SOURCE_DIR VERSION
# Needs dpkg-deb, dpkg-shlibdeps (dpkg-dev), desktop-file-validate (desktop-file-utils),
# appstreamcli (appstream), update-mime-database (shared-mime-info) — all in scripts/deps.sh.
set -euo pipefail

build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
version=$3
app_id=io.github.glmchat.GlmChat
icon_sizes=(16 24 32 48 64 128 256 512)

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "--- [${SECONDS}s] $*"; }

for tool in dpkg-deb dpkg-shlibdeps desktop-file-validate appstreamcli update-mime-database \
            readelf file; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (run scripts/deps.sh)"
done

work=$(mktemp -d "$build/tst_package.XXXXXX")
trap 'rm -rf "$work"' EXIT
# The installed programs must not touch the real user's settings or data.
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share"
export XDG_CACHE_HOME="$work/home/.cache" XDG_RUNTIME_DIR="$work/xdg-runtime"
mkdir -p "$HOME" && mkdir -m 700 "$XDG_RUNTIME_DIR"
unset GLM_DATA_DIR

step "build the packages: cmake --build $build --target package"
rm -f "$build"/glm-chat_*.deb "$build"/glm-chat-*.tar.gz
if ! cmake --build "$build" --target package >"$work/package.log" 2>&1; then
  cat "$work/package.log"
  fail "building the packages failed"
fi
shopt -s nullglob
debs=("$build"/glm-chat_"$version"_*.deb)
tgzs=("$build"/glm-chat-"$version"-*.tar.gz)
shopt -u nullglob
[ ${#debs[@]} -eq 1 ] || fail "expected one glm-chat_${version}_<arch>.deb in $build, found ${#debs[@]}"
[ ${#tgzs[@]} -eq 1 ] || fail "expected one glm-chat-${version}-*.tar.gz in $build, found ${#tgzs[@]}"
deb=${debs[0]} tgz=${tgzs[0]}
echo "$(basename "$deb"): $(stat -c %s "$deb") bytes; $(basename "$tgz"): $(stat -c %s "$tgz") bytes"

# ---------------------------------------------------------------------------------------------
step "control fields: dpkg-deb -I"
dpkg-deb -I "$deb" >"$work/info.txt" || fail "dpkg-deb -I cannot read $deb"
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = glm-chat ] || fail "Package is '$(field Package)', expected glm-chat"
[ "$(field Version)" = "$version" ] || fail "Version is '$(field Version)', expected $version"
[ "$(field Architecture)" = "$(dpkg --print-architecture)" ] || fail "Architecture is '$(field Architecture)'"
[ -n "$(field Maintainer)" ] || fail "no Maintainer"
[ -n "$(field Description)" ] || fail "no Description"
# Package names of a relationship field: split alternatives, drop version constraints.
names() { field "$1" | tr ',|' '\n\n' | sed -e 's/(.*)//' -e 's/\[.*\]//' -e 's/[[:space:]]//g' | sed '/^$/d'; }
depends=$(names Depends)
recommends=$(names Recommends)
echo "Depends: $(field Depends)"
echo "Recommends: $(field Recommends)"
# What the programs load at run time, which dpkg-shlibdeps cannot see, must be declared by hand.
for p in libc6 libqt6core6 libqt6gui6 libqt6qml6 libqt6quick6 libsentencepiece0 libpcre2-8-0 \
         libvulkan1 libqt6sql6-sqlite qml6-module-qtquick qml6-module-qtquick-controls \
         qml6-module-qtquick-layouts qml6-module-qtquick-templates qml6-module-qtquick-window \
         qml6-module-qtqml-workerscript qml6-module-qtqml-models qml6-module-qtquick-dialogs \
         qml6-module-qt-labs-folderlistmodel; do
  grep -qxF "$p" <<<"$depends" || fail "Depends lacks $p"
done
for p in mesa-vulkan-drivers fonts-noto-cjk fonts-wqy-microhei qt6-gtk-platformtheme; do
  grep -qxF "$p" <<<"$recommends" || fail "Recommends lacks $p"
done
# Debug builds or sanitizers must never leak into a package's dependencies.
if grep -qE '^(libasan|libubsan|libtsan)' <<<"$depends"; then fail "Depends has a sanitizer runtime"; fi

# Every dependency must exist in this distribution: let apt resolve the .deb (simulation only).
if compgen -G "/var/lib/apt/lists/*_Packages*" >/dev/null; then
  if ! apt-get install --simulate -q --no-install-recommends "$deb" >"$work/apt.log" 2>&1; then
    cat "$work/apt.log"
    fail "apt cannot resolve the .deb's dependencies"
  fi
  echo "apt (simulated): $(grep -E 'newly installed' "$work/apt.log")"
else
  echo "note: no apt package lists on this machine; dependency resolution not simulated"
fi

# ---------------------------------------------------------------------------------------------
step "contents: dpkg-deb -c"
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' >"$work/files.txt"
expect=(/usr/bin/glm-chat /usr/bin/glm-cli
        "/usr/share/applications/$app_id.desktop"
        "/usr/share/metainfo/$app_id.metainfo.xml"
        "/usr/share/mime/packages/$app_id.xml"
        "/usr/share/icons/hicolor/scalable/apps/$app_id.svg"
        /usr/share/glm-chat/glm-chat.datadir)
for s in "${icon_sizes[@]}"; do expect+=("/usr/share/icons/hicolor/${s}x${s}/apps/$app_id.png"); done
if [ -f "$src/resources/models.json" ]; then expect+=(/usr/share/glm-chat/models.json); fi
for f in "${expect[@]}"; do grep -qxF "$f" "$work/files.txt" || fail "the .deb lacks $f"; done
outside=$(grep -v -e '^/$' -e '^/usr/' -e '^/usr$' "$work/files.txt" || true)
[ -z "$outside" ] || fail "the .deb installs outside /usr: $outside"

# ---------------------------------------------------------------------------------------------
step "unpack into a scratch root: dpkg -x"
root="$work/root"
dpkg -x "$deb" "$root"
share="$root/usr/share"

step "desktop entry: desktop-file-validate"
desktop="$share/applications/$app_id.desktop"
desktop-file-validate "$desktop" >"$work/desktop.log" 2>&1 || { cat "$work/desktop.log"; fail "invalid desktop entry"; }
grep -E ':[[:space:]]*(error|warning):' "$work/desktop.log" && fail "desktop entry has warnings"
for key in 'Name=GLM Chat' 'Name\[zh_CN\]=' 'GenericName=' 'GenericName\[zh_CN\]=' 'Comment=' \
           'Comment\[zh_CN\]=' 'Categories=' 'Keywords=' 'MimeType=.*application/x-gguf;' \
           'Exec=glm-chat %[fF]$' "Icon=$app_id\$" 'StartupWMClass=glm-chat$' \
           "X-GLMChat-Version=$version\$"; do
  grep -qE "^$key" "$desktop" || fail "desktop entry lacks a line matching ^$key"
done

step "AppStream metainfo: appstreamcli validate --no-net, validate-tree"
metainfo="$share/metainfo/$app_id.metainfo.xml"
appstreamcli validate --no-net "$metainfo" >"$work/as.log" 2>&1 || { cat "$work/as.log"; fail "invalid metainfo"; }
appstreamcli validate-tree --no-net "$root" >"$work/astree.log" 2>&1 || { cat "$work/astree.log"; fail "the installed tree's metadata is invalid"; }
grep -q "<release version=\"$version\" date=\"[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]\"" "$metainfo" \
  || fail "metainfo has no release $version with a date"
for shot in main-light main-dark main-zh model-manager; do
  grep -q "<image>https://[^<]*/docs/screenshots/$shot.png</image>" "$metainfo" || fail "metainfo lacks screenshot $shot.png"
done
grep -q '<content_rating type="oars-1.1">' "$metainfo" || fail "metainfo lacks a content rating"
grep -q "@" "$metainfo" && grep -q "@[A-Z_]*@" "$metainfo" && fail "metainfo has unreplaced @VARIABLES@"

step "MIME type: update-mime-database"
mkdir -p "$work/mime/packages"
cp "$share/mime/packages/$app_id.xml" "$work/mime/packages/"
update-mime-database "$work/mime" >"$work/mime.log" 2>&1 || { cat "$work/mime.log"; fail "update-mime-database rejected the MIME XML"; }
grep -qxF 'application/x-gguf' "$work/mime/types" || fail "application/x-gguf not registered"
grep -q 'application/x-gguf:\*\.gguf$' "$work/mime/globs2" || fail "no *.gguf glob"
grep -aq 'GGUF' "$work/mime/magic" || fail "no GGUF magic"

step "icons"
for s in "${icon_sizes[@]}"; do
  png="$share/icons/hicolor/${s}x${s}/apps/$app_id.png"
  file -b "$png" | grep -q "^PNG image data, $s x $s," || fail "$png is not a ${s}x${s} PNG: $(file -b "$png")"
done
grep -q '<svg' "$share/icons/hicolor/scalable/apps/$app_id.svg" || fail "scalable icon is not an SVG"

# ---------------------------------------------------------------------------------------------
step "installed binaries: no build paths, every linked library found and declared"
for exe in glm-chat glm-cli; do
  bin="$root/usr/bin/$exe"
  [ -x "$bin" ] || fail "$bin is not executable"
  if readelf -d "$bin" | grep -qE '\((RPATH|RUNPATH)\)'; then fail "$exe has an RPATH/RUNPATH: $(readelf -d "$bin" | grep -E 'R(UN)?PATH')"; fi
  if grep -qaF "$build" "$bin"; then fail "$exe contains the build folder path $build"; fi
  missing=$(ldd "$bin" | grep 'not found' || true)
  [ -z "$missing" ] || fail "$exe: libraries not found: $missing"
  # Every shared library the binary links directly comes from a package the .deb depends on
  # (dependencies of those libraries are their packages' business).
  for soname in $(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
    lib=$(ldd "$bin" | awk -v n="$soname" '$1 == n && $3 ~ /^\// {print $3} $1 ~ "/"n"$" {print $1}' | head -n1)
    [ -n "$lib" ] || fail "$exe: cannot locate $soname"
    pkg=$(dpkg -S "$lib" 2>/dev/null | head -n1 | cut -d: -f1) || true
    if [ -z "$pkg" ]; then pkg=$(dpkg -S "$(readlink -f "$lib")" 2>/dev/null | head -n1 | cut -d: -f1) || true; fi
    [ -n "$pkg" ] || fail "$exe links $lib, which no installed package provides"
    grep -qxF "$pkg" <<<"$depends" || fail "$exe links $lib from $pkg, which Depends lacks"
    echo "$exe: $soname <- $pkg"
  done
done

step "installed glm-cli --version, glm-cli devices"
out=$("$root/usr/bin/glm-cli" --version) || fail "glm-cli --version failed"
[ "$out" = "glm-cli $version" ] || fail "glm-cli --version printed '$out', expected 'glm-cli $version'"
out=$("$root/usr/bin/glm-chat" --version) || fail "glm-chat --version failed"
[ "$out" = "glm-chat $version" ] || fail "glm-chat --version printed '$out', expected 'glm-chat $version'"
if ! timeout 120 "$root/usr/bin/glm-cli" devices >"$work/devices.txt" 2>&1; then
  cat "$work/devices.txt"
  fail "installed glm-cli devices failed"
fi
cat "$work/devices.txt"
grep -q '^\* \[' "$work/devices.txt" || fail "glm-cli devices marked no device as the one it would use"

step "installed glm-chat offscreen: --quit-after 1500 --screenshot"
shot="$work/shot.png"
set +e
QT_QPA_PLATFORM=offscreen timeout 120 "$root/usr/bin/glm-chat" --quit-after 1500 --screenshot "$shot" \
  >"$work/chat.log" 2>&1
rc=$?
set -e
[ $rc -eq 0 ] || { cat "$work/chat.log"; fail "installed glm-chat exited with $rc"; }
[ -s "$shot" ] || { cat "$work/chat.log"; fail "glm-chat wrote no screenshot"; }
file -b "$shot" | grep -qE '^PNG image data, [1-9][0-9]* x [1-9][0-9]*,' || fail "screenshot is not a PNG: $(file -b "$shot")"
echo "screenshot: $(file -b "$shot"), $(stat -c %s "$shot") bytes"
# A window that rendered nothing is one flat colour: few distinct (filtered) scanlines.
rows=$(python3 - "$shot" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
pos, idat, width, bpp = 8, b"", 0, 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    chunk = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        width, _height, depth, colour = struct.unpack(">IIBB", chunk[:10])
        bpp = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour, 1) * max(depth // 8, 1)
    elif kind == b"IDAT":
        idat += chunk
    pos += 12 + n
raw = zlib.decompress(idat)
stride = 1 + width * bpp
print(len({raw[i:i + stride] for i in range(0, len(raw), stride)}))
PY
) || fail "cannot decode the screenshot"
[ "$rows" -gt 10 ] || fail "the screenshot looks blank ($rows distinct scanlines)"
if grep -E 'is not installed|module .* not found|qrc:/.*(Error|error)' "$work/chat.log"; then
  fail "glm-chat reported QML errors"
fi

# ---------------------------------------------------------------------------------------------
step "tarball: same files, runnable from where it is unpacked"
tar -tzf "$tgz" >"$work/tgz.txt" || fail "cannot list $tgz"
top=$(basename "$tgz" .tar.gz)
for f in "${expect[@]}"; do
  grep -qxF "$top${f#/usr}" "$work/tgz.txt" || fail "the tarball lacks $top${f#/usr}"
done
mkdir "$work/tgz" && tar -xzf "$tgz" -C "$work/tgz"
out=$("$work/tgz/$top/bin/glm-cli" --version) || fail "glm-cli from the tarball failed"
[ "$out" = "glm-cli $version" ] || fail "tarball glm-cli --version printed '$out'"

step "all package checks passed"
