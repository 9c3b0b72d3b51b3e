#include "formats/zip_archive.h"

#include "glm/error.h"

#include <algorithm>
#include <cstring>

namespace glm {

namespace {

constexpr uint32_t kLocalHeader = 0x04034b50;
constexpr uint32_t kCentralHeader = 0x02014b50;
constexpr uint32_t kEndOfCentralDir = 0x06054b50;
constexpr uint32_t kZip64EndOfCentralDir = 0x06064b50;
constexpr uint32_t kZip64Locator = 0x07064b50;
constexpr uint64_t kEocdSize = 22, kLocatorSize = 20, kZip64EocdSize = 56;
constexpr uint64_t kCentralSize = 46, kLocalSize = 30;

// Little-endian reads at a position already checked to be inside the bytes.
template <typename T> T load(std::span<const uint8_t> b, uint64_t pos) {
    T v;
    std::memcpy(&v, b.data() + pos, sizeof(T));
    return v;
}

struct Layout {
    uint64_t entries = 0;
    uint64_t cd_offset = 0;
    uint64_t cd_size = 0;
    uint64_t cd_limit = 0; // the central directory must end here (start of the end records)
};

} // namespace

ZipArchive ZipArchive::parse(std::span<const uint8_t> bytes, const std::string& name) {
    ZipArchive z;
    z.name_ = name;
    z.bytes_ = bytes;
    const uint64_t size = bytes.size();
    auto fail = [&](const std::string& what) -> Error {
        return Error(ErrorKind::InvalidFile, name + ": " + what);
    };
    if (size < kEocdSize) throw fail("too short to be a PyTorch zip checkpoint (truncated?).");

    // The end-of-central-directory record sits within the last 64 KiB (its comment is at most
    // 65535 bytes); take the last candidate whose comment reaches exactly to the end.
    uint64_t eocd = UINT64_MAX;
    const uint64_t lowest = size - kEocdSize > 65535 ? size - kEocdSize - 65535 : 0;
    for (uint64_t pos = size - kEocdSize + 1; pos-- > lowest;) {
        if (load<uint32_t>(bytes, pos) == kEndOfCentralDir &&
            pos + kEocdSize + load<uint16_t>(bytes, pos + 20) == size) {
            eocd = pos;
            break;
        }
    }
    if (eocd == UINT64_MAX)
        throw fail("no zip directory at the end of the file: the file is truncated or is not a "
                   "PyTorch checkpoint. Download it again.");

    Layout l;
    const uint16_t disk = load<uint16_t>(bytes, eocd + 4),
                   cd_disk = load<uint16_t>(bytes, eocd + 6);
    l.entries = load<uint16_t>(bytes, eocd + 10);
    l.cd_size = load<uint32_t>(bytes, eocd + 12);
    l.cd_offset = load<uint32_t>(bytes, eocd + 16);
    l.cd_limit = eocd;
    if (eocd >= kLocatorSize && load<uint32_t>(bytes, eocd - kLocatorSize) == kZip64Locator) {
        const uint64_t z64 = load<uint64_t>(bytes, eocd - kLocatorSize + 8);
        if (z64 > eocd - kLocatorSize || eocd - kLocatorSize - z64 < kZip64EocdSize ||
            load<uint32_t>(bytes, z64) != kZip64EndOfCentralDir)
            throw fail("its Zip64 directory record is missing or out of place (corrupt file).");
        if (load<uint32_t>(bytes, z64 + 16) != 0 || load<uint32_t>(bytes, z64 + 20) != 0)
            throw fail("multi-part (split) zip archives are not supported.");
        l.entries = load<uint64_t>(bytes, z64 + 32);
        l.cd_size = load<uint64_t>(bytes, z64 + 40);
        l.cd_offset = load<uint64_t>(bytes, z64 + 48);
        l.cd_limit = z64;
    } else if (disk != 0 || cd_disk != 0) {
        throw fail("multi-part (split) zip archives are not supported.");
    }
    if (l.cd_offset > l.cd_limit || l.cd_size > l.cd_limit - l.cd_offset)
        throw fail("its zip directory lies outside the file (" + std::to_string(size) +
                   " bytes): the file is truncated or corrupt. Download it again.");
    if (l.entries > l.cd_size / kCentralSize)
        throw fail("its zip directory claims " + std::to_string(l.entries) +
                   " entries, more than it can hold (corrupt file).");

    const uint64_t cd_end = l.cd_offset + l.cd_size;
    uint64_t pos = l.cd_offset;
    z.entries_.reserve(size_t(l.entries));
    std::vector<std::pair<uint64_t, uint64_t>> spans; // [local header, data end) of each entry
    for (uint64_t i = 0; i < l.entries; ++i) {
        if (cd_end - pos < kCentralSize || load<uint32_t>(bytes, pos) != kCentralHeader)
            throw fail("zip directory entry " + std::to_string(i) + " is corrupt.");
        ZipEntry e;
        const uint16_t flags = load<uint16_t>(bytes, pos + 8);
        e.method = load<uint16_t>(bytes, pos + 10);
        e.encrypted = flags & 1;
        e.crc32 = load<uint32_t>(bytes, pos + 16);
        uint64_t csize = load<uint32_t>(bytes, pos + 20), usize = load<uint32_t>(bytes, pos + 24);
        const uint16_t name_len = load<uint16_t>(bytes, pos + 28);
        const uint16_t extra_len = load<uint16_t>(bytes, pos + 30);
        const uint16_t comment_len = load<uint16_t>(bytes, pos + 32);
        uint64_t local = load<uint32_t>(bytes, pos + 42);
        if (cd_end - pos - kCentralSize < uint64_t(name_len) + extra_len + comment_len)
            throw fail("zip directory entry " + std::to_string(i) + " runs past the directory.");
        e.name.assign(reinterpret_cast<const char*>(bytes.data() + pos + kCentralSize), name_len);
        // Zip64 extended information: 64-bit values for the fields saturated at 0xFFFFFFFF, in
        // this order.
        uint64_t x = pos + kCentralSize + name_len;
        const uint64_t x_end = x + extra_len;
        while (x_end - x >= 4) {
            const uint16_t id = load<uint16_t>(bytes, x), len = load<uint16_t>(bytes, x + 2);
            if (x_end - x - 4 < len) throw fail("entry " + e.name + " has a corrupt extra field.");
            if (id == 0x0001) {
                uint64_t f = x + 4;
                const uint64_t f_end = f + len;
                for (uint64_t* field : {&usize, &csize, &local}) {
                    if (*field != 0xffffffffu) continue;
                    if (f_end - f < 8) throw fail("entry " + e.name + " has a short Zip64 field.");
                    *field = load<uint64_t>(bytes, f);
                    f += 8;
                }
            }
            x += 4 + len;
        }
        pos += kCentralSize + name_len + extra_len + comment_len;

        if (e.name.empty()) throw fail("a zip entry has no name.");
        if (e.method == 0 && csize != usize)
            throw fail("entry " + e.name + " is stored but its two sizes disagree (corrupt file).");
        // Local header: its name and extra field decide where the data starts.
        if (local > l.cd_offset || l.cd_offset - local < kLocalSize ||
            load<uint32_t>(bytes, local) != kLocalHeader)
            throw fail("entry " + e.name +
                       " points to a missing local header (corrupt or truncated file).");
        const uint16_t local_name = load<uint16_t>(bytes, local + 26);
        const uint16_t local_extra = load<uint16_t>(bytes, local + 28);
        e.data_offset = local + kLocalSize + local_name + local_extra;
        if (e.data_offset > l.cd_offset || local_name != name_len ||
            std::memcmp(bytes.data() + local + kLocalSize, e.name.data(), name_len) != 0)
            throw fail("entry " + e.name + ": its local header is corrupt or names another file.");
        if (csize > l.cd_offset - e.data_offset)
            throw fail("entry " + e.name + " declares " + std::to_string(csize) +
                       " bytes, beyond the end of the data (" + std::to_string(size) +
                       "-byte file): the file is truncated or forged. Download it again.");
        e.size = csize;
        e.uncompressed_size = usize;
        spans.emplace_back(local, e.data_offset + csize);
        if (!z.index_.emplace(e.name, z.entries_.size()).second)
            throw fail("entry " + e.name + " appears twice.");
        z.entries_.push_back(std::move(e));
    }
    std::sort(spans.begin(), spans.end());
    for (size_t i = 1; i < spans.size(); ++i)
        if (spans[i - 1].second > spans[i].first)
            throw fail("two zip entries share the same bytes (a forged archive); refusing it.");
    return z;
}

const ZipEntry* ZipArchive::find(std::string_view entry_name) const {
    auto it = index_.find(entry_name);
    return it == index_.end() ? nullptr : &entries_[it->second];
}

std::span<const uint8_t> ZipArchive::data(const ZipEntry& e) const {
    if (e.encrypted)
        throw Error(ErrorKind::InvalidFile, name_ + ": entry " + e.name + " is encrypted.");
    if (e.method != 0)
        throw Error(
            ErrorKind::InvalidFile,
            name_ + ": entry " + e.name + " is compressed (method " + std::to_string(e.method) +
                "). torch.save writes uncompressed entries; this file was repacked by another "
                "tool. Re-save it with torch.save or use the original download.");
    return bytes_.subspan(size_t(e.data_offset), size_t(e.size));
}

} // namespace glm
