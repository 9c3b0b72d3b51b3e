// The ZIP container of PyTorch checkpoints (torch.save since PyTorch 1.6). Only stored
// (uncompressed) entries can be read, which is what torch.save writes, so tensor data stays in
// the memory-mapped file. Zip64 records are understood. Every count, size and offset is checked
// against the file before use, entries may not overlap (a "zip bomb" re-using the same bytes),
// and nothing is ever decompressed, so a hostile archive is a glm::Error(InvalidFile) naming the
// archive and the problem, never a crash or a large allocation.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace glm {

struct ZipEntry {
    std::string name;
    uint64_t data_offset = 0; // where the entry's bytes start in the archive
    uint64_t size = 0;        // stored (compressed) size
    uint64_t uncompressed_size = 0;
    uint32_t crc32 = 0;
    uint16_t method = 0; // 0 = stored
    bool encrypted = false;
};

class ZipArchive {
public:
    // Parses the central directory of `bytes` (which stay owned by the caller). `name` appears
    // in error messages.
    static ZipArchive parse(std::span<const uint8_t> bytes, const std::string& name);

    const std::string& name() const { return name_; }
    const std::vector<ZipEntry>& entries() const { return entries_; }
    const ZipEntry* find(std::string_view entry_name) const;
    // The bytes of an entry. Throws glm::Error(InvalidFile) for compressed or encrypted entries.
    std::span<const uint8_t> data(const ZipEntry& entry) const;

private:
    std::string name_;
    std::span<const uint8_t> bytes_;
    std::vector<ZipEntry> entries_;
    std::map<std::string, size_t, std::less<>> index_;
};

} // namespace glm
