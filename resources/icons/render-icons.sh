#!/usr/bin/env bash
# Renders the app icon from its one source, glm-chat.svg, into the committed raster files:
#   png/glm-chat-<size>.png  for the freedesktop hicolor theme (16 ... 512 px; Linux packages)
#   glm-chat.ico             Windows (PNG-compressed entries 16 ... 256; NSIS installer, exe)
#   glm-chat.icns            macOS bundle (PNG entries 16 ... 1024)
# Run it after editing the SVG and commit the results: builds and CI never need it.
# Needs rsvg-convert (Debian: apt install librsvg2-bin) and python3.
set -euo pipefail
cd "$(dirname "$0")"

command -v rsvg-convert >/dev/null || { echo "rsvg-convert not found: apt install librsvg2-bin" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 not found" >&2; exit 1; }

sizes=(16 24 32 48 64 128 256 512)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mkdir -p png
for s in "${sizes[@]}" 1024; do
  rsvg-convert --width "$s" --height "$s" --keep-aspect-ratio glm-chat.svg -o "$tmp/$s.png"
done
for s in "${sizes[@]}"; do
  cp "$tmp/$s.png" "png/glm-chat-$s.png"
done

# ICO and ICNS both accept PNG-compressed images, so they are simple containers around the PNGs.
python3 - "$tmp" <<'EOF'
import struct, sys
tmp = sys.argv[1]
def png(size):
    with open(f"{tmp}/{size}.png", "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", size
    return data

# ICO: ICONDIR, then one 16-byte ICONDIRENTRY per image (0 means 256 px), then the images.
ico_sizes = [16, 24, 32, 48, 64, 128, 256]
images = [png(s) for s in ico_sizes]
out = struct.pack("<HHH", 0, 1, len(images))
offset = 6 + 16 * len(images)
for s, data in zip(ico_sizes, images):
    dim = 0 if s == 256 else s
    out += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
    offset += len(data)
with open("glm-chat.ico", "wb") as f:
    f.write(out + b"".join(images))

# ICNS: 'icns' + total length, then (type, length incl. 8-byte header, PNG data) per image.
icns_types = [("icp4", 16), ("icp5", 32), ("icp6", 64), ("ic07", 128), ("ic08", 256),
              ("ic09", 512), ("ic10", 1024)]
body = b""
for kind, s in icns_types:
    data = png(s)
    body += kind.encode() + struct.pack(">I", len(data) + 8) + data
with open("glm-chat.icns", "wb") as f:
    f.write(b"icns" + struct.pack(">I", len(body) + 8) + body)
EOF

echo "rendered: png/glm-chat-{$(IFS=,; echo "${sizes[*]}")}.png glm-chat.ico glm-chat.icns"
