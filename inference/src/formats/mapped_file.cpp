#include "formats/mapped_file.h"

#include "glm/error.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#ifdef _WIN32
#include <windows.h>
#else
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace glm {

MappedFile::MappedFile(const std::filesystem::path& path) : path_(path) {
#ifdef _WIN32
    HANDLE f = CreateFileW(path.wstring().c_str(), GENERIC_READ, FILE_SHARE_READ, nullptr,
                           OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (f == INVALID_HANDLE_VALUE) throw Error(ErrorKind::Io, "Cannot open " + path.string() + ".");
    LARGE_INTEGER size;
    GetFileSizeEx(f, &size);
    size_ = uint64_t(size.QuadPart);
    file_ = f;
    if (size_ > 0) {
        mapping_ = CreateFileMappingW(f, nullptr, PAGE_READONLY, 0, 0, nullptr);
        if (!mapping_) {
            close();
            throw Error(ErrorKind::Io, "Cannot map " + path.string() + " into memory.");
        }
        data_ = static_cast<const uint8_t*>(MapViewOfFile(mapping_, FILE_MAP_READ, 0, 0, 0));
        if (!data_) {
            close();
            throw Error(ErrorKind::Io, "Cannot map " + path.string() + " into memory.");
        }
    }
#else
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw Error(ErrorKind::Io,
                    "Cannot open " + path.string() + ": " + std::strerror(errno) + ".");
    struct stat st {};
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throw Error(ErrorKind::Io, path.string() + " is not a regular file.");
    }
    size_ = uint64_t(st.st_size);
    if (size_ > 0) {
        void* p = mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            int err = errno;
            ::close(fd);
            throw Error(ErrorKind::Io, "Cannot map " + path.string() +
                                           " into memory: " + std::strerror(err) + ".");
        }
        data_ = static_cast<const uint8_t*>(p);
    }
    fd_ = fd;
#endif
}

void MappedFile::close() {
#ifdef _WIN32
    if (data_) UnmapViewOfFile(data_);
    if (mapping_) CloseHandle(mapping_);
    if (file_) CloseHandle(file_);
    mapping_ = file_ = nullptr;
#else
    if (data_) munmap(const_cast<uint8_t*>(data_), size_);
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
#endif
    data_ = nullptr;
    size_ = 0;
}

MappedFile::~MappedFile() {
    close();
}

MappedFile::MappedFile(MappedFile&& o) noexcept {
    *this = std::move(o);
}

MappedFile& MappedFile::operator=(MappedFile&& o) noexcept {
    if (this != &o) {
        close();
        path_ = std::move(o.path_);
        data_ = o.data_;
        size_ = o.size_;
        o.data_ = nullptr;
        o.size_ = 0;
#ifdef _WIN32
        file_ = o.file_;
        mapping_ = o.mapping_;
        o.file_ = o.mapping_ = nullptr;
#else
        fd_ = o.fd_;
        o.fd_ = -1;
#endif
    }
    return *this;
}

void MappedFile::read(uint64_t offset, void* dst, size_t n) const {
    const auto ended = [&] {
        return Error(ErrorKind::Io, path_.string() +
                                        " ended early: it was changed or truncated while being "
                                        "read. Check the file (or download it again) and retry.");
    };
    if (offset > size_ || n > size_ - offset) throw ended();
    auto* out = static_cast<uint8_t*>(dst);
    while (n > 0) {
#ifdef _WIN32
        OVERLAPPED at{};
        at.Offset = DWORD(offset & 0xffffffffu);
        at.OffsetHigh = DWORD(offset >> 32);
        DWORD got = 0;
        const DWORD want = DWORD(std::min<size_t>(n, 1u << 30));
        if (!ReadFile(file_, out, want, &got, &at))
            throw Error(ErrorKind::Io, "Cannot read " + path_.string() + ".");
        const size_t r = got;
#else
        const ssize_t got = ::pread(fd_, out, std::min<size_t>(n, size_t(1) << 30), off_t(offset));
        if (got < 0 && errno == EINTR) continue;
        if (got < 0)
            throw Error(ErrorKind::Io,
                        "Cannot read " + path_.string() + ": " + std::strerror(errno) + ".");
        const size_t r = size_t(got);
#endif
        if (r == 0) throw ended();
        out += r;
        offset += r;
        n -= r;
    }
}

} // namespace glm
