// A read-only memory mapping of a whole file, for its headers and tables (checkpoints, GGUF), and
// positional reads (read()) for the bulk tensor data: model files are many GB, and a file that
// shrinks while we work must be an error, not a SIGBUS from the mapping.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>

namespace glm {

class MappedFile {
public:
    MappedFile() = default;
    // Throws glm::Error(Io) naming the file if it cannot be opened or mapped.
    explicit MappedFile(const std::filesystem::path& path);
    ~MappedFile();
    MappedFile(MappedFile&& o) noexcept;
    MappedFile& operator=(MappedFile&& o) noexcept;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    std::span<const uint8_t> bytes() const { return {data_, size_}; }
    uint64_t size() const { return size_; }
    const std::filesystem::path& path() const { return path_; }
    // Copies [offset, offset + n) into `dst` with positional reads of the file rather than
    // through the mapping: if the file shrank since it was mapped (replaced or truncated while we
    // work), this throws glm::Error(Io) naming it, where touching the mapping past its new end
    // would kill the process (SIGBUS). For long streaming reads (the converter).
    void read(uint64_t offset, void* dst, size_t n) const;

private:
    void close();
    std::filesystem::path path_;
    const uint8_t* data_ = nullptr;
    uint64_t size_ = 0;
#ifndef _WIN32
    int fd_ = -1; // kept open for read()
#endif
#ifdef _WIN32
    void* file_ = nullptr;
    void* mapping_ = nullptr;
#endif
};

} // namespace glm
