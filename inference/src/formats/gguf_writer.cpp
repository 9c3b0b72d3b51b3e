#include "formats/gguf_writer.h"

#include "glm/error.h"

#include <cerrno>
#include <cstring>

#ifndef _WIN32
#include <unistd.h>
#endif

namespace glm {

namespace {
// resize + memcpy rather than insert(end, p, p + sizeof(T)): GCC 12 for ARM64 reports a false
// -Warray-bounds inside libstdc++'s range insert of a fixed-size object.
template <typename T> void append(std::vector<uint8_t>& out, const T& v) {
    const size_t at = out.size();
    out.resize(at + sizeof(T));
    std::memcpy(out.data() + at, &v, sizeof(T));
}
void append_string(std::vector<uint8_t>& out, const std::string& s) {
    append(out, uint64_t(s.size()));
    out.insert(out.end(), s.begin(), s.end());
}
} // namespace

GgufWriter::GgufWriter(std::filesystem::path path, uint64_t alignment)
    : path_(std::move(path)), alignment_(alignment) {
    file_ = std::fopen(path_.c_str(), "wb");
    if (!file_)
        throw Error(ErrorKind::Io,
                    "Cannot create " + path_.string() + ": " + std::strerror(errno) + ".");
    std::setvbuf(file_, nullptr, _IOFBF, 1 << 20);
    if (alignment_ != kGgufDefaultAlignment) set_u32("general.alignment", uint32_t(alignment_));
}

GgufWriter::~GgufWriter() {
    if (file_) std::fclose(file_);
}

void GgufWriter::put_key(const std::string& key, GgufType type) {
    if (data_started_)
        throw Error(ErrorKind::InvalidArgument, "GGUF metadata after the data began: " + key);
    append_string(header_, key);
    append(header_, uint32_t(type));
    ++kv_count_;
}

void GgufWriter::set_u32(const std::string& key, uint32_t v) {
    put_key(key, GgufType::U32);
    append(header_, v);
}
void GgufWriter::set_i32(const std::string& key, int32_t v) {
    put_key(key, GgufType::I32);
    append(header_, v);
}
void GgufWriter::set_u64(const std::string& key, uint64_t v) {
    put_key(key, GgufType::U64);
    append(header_, v);
}
void GgufWriter::set_f32(const std::string& key, float v) {
    put_key(key, GgufType::F32);
    append(header_, v);
}
void GgufWriter::set_bool(const std::string& key, bool v) {
    put_key(key, GgufType::Bool);
    append(header_, uint8_t(v));
}
void GgufWriter::set_string(const std::string& key, const std::string& v) {
    put_key(key, GgufType::String);
    append_string(header_, v);
}
void GgufWriter::set_bytes(const std::string& key, std::span<const uint8_t> v) {
    put_key(key, GgufType::Array);
    append(header_, uint32_t(GgufType::U8));
    append(header_, uint64_t(v.size()));
    header_.insert(header_.end(), v.begin(), v.end());
}
void GgufWriter::set_u32_array(const std::string& key, std::span<const uint32_t> v) {
    put_key(key, GgufType::Array);
    append(header_, uint32_t(GgufType::U32));
    append(header_, uint64_t(v.size()));
    for (uint32_t x : v) append(header_, x);
}
void GgufWriter::set_string_array(const std::string& key, const std::vector<std::string>& v) {
    put_key(key, GgufType::Array);
    append(header_, uint32_t(GgufType::String));
    append(header_, uint64_t(v.size()));
    for (const auto& s : v) append_string(header_, s);
}

void GgufWriter::add_tensor(const std::string& name, std::vector<uint64_t> dims, TensorType type) {
    if (data_started_)
        throw Error(ErrorKind::InvalidArgument,
                    "GGUF tensor declared after the data began: " + name);
    if (dims.empty() || dims.size() > 4)
        throw Error(ErrorKind::InvalidArgument, "tensor " + name + ": 1 to 4 dimensions");
    if (dims[0] % block_elements(type))
        throw Error(ErrorKind::InvalidArgument,
                    "tensor " + name + ": rows of " + std::to_string(dims[0]) +
                        " elements cannot be stored as " + to_string(type));
    for (const auto& t : tensors_)
        if (t.name == name)
            throw Error(ErrorKind::InvalidArgument, "tensor " + name + " declared twice");
    uint64_t elements = 1;
    for (uint64_t d : dims) elements *= d;
    Pending p{name, std::move(dims), type, row_bytes(type, elements), 0};
    p.offset = data_bytes_;
    data_bytes_ += (p.bytes + alignment_ - 1) / alignment_ * alignment_;
    tensors_.push_back(std::move(p));
}

void GgufWriter::put(const void* p, size_t n) {
    if (n && std::fwrite(p, 1, n, file_) != n) {
        const int err = errno;
        throw Error(ErrorKind::Io, "Writing " + path_.string() + " failed: " +
                                       (err == ENOSPC ? std::string("no space left on the disk")
                                                      : std::strerror(err)) +
                                       ".");
    }
    written_ += n;
}

void GgufWriter::pad_to_alignment() {
    static const uint8_t zeros[256] = {};
    uint64_t pad = (alignment_ - written_ % alignment_) % alignment_;
    while (pad) {
        const size_t n = size_t(std::min<uint64_t>(pad, sizeof zeros));
        put(zeros, n);
        pad -= n;
    }
}

void GgufWriter::begin_data() {
    if (data_started_) return;
    std::vector<uint8_t> head;
    append(head, kGgufMagic);
    append(head, uint32_t(3));
    append(head, uint64_t(tensors_.size()));
    append(head, kv_count_);
    put(head.data(), head.size());
    put(header_.data(), header_.size());
    std::vector<uint8_t> infos;
    for (const auto& t : tensors_) {
        append_string(infos, t.name);
        append(infos, uint32_t(t.dims.size()));
        for (uint64_t d : t.dims) append(infos, d);
        append(infos, uint32_t(t.type));
        append(infos, t.offset);
    }
    put(infos.data(), infos.size());
    pad_to_alignment();
    data_start_ = written_;
    data_started_ = true;
    current_ = 0;
    current_done_ = 0;
}

uint64_t GgufWriter::total_bytes() const {
    return data_start_ + data_bytes_;
}

void GgufWriter::write(std::span<const uint8_t> bytes) {
    if (!data_started_) begin_data();
    while (!bytes.empty()) {
        if (current_ >= tensors_.size())
            throw Error(ErrorKind::InvalidArgument, "more tensor data than declared");
        const Pending& t = tensors_[current_];
        const uint64_t n = std::min<uint64_t>(bytes.size(), t.bytes - current_done_);
        put(bytes.data(), size_t(n));
        current_done_ += n;
        bytes = bytes.subspan(size_t(n));
        if (current_done_ == t.bytes) {
            pad_to_alignment();
            ++current_;
            current_done_ = 0;
        }
    }
}

void GgufWriter::finish() {
    if (finished_) return;
    if (!data_started_) begin_data();
    if (current_ != tensors_.size())
        throw Error(ErrorKind::InvalidArgument,
                    "tensor " + tensors_[current_].name + " was not written completely");
    if (std::fflush(file_) != 0) {
        const int err = errno;
        throw Error(ErrorKind::Io, "Writing " + path_.string() + " failed: " +
                                       (err == ENOSPC ? std::string("no space left on the disk")
                                                      : std::strerror(err)) +
                                       ".");
    }
#ifndef _WIN32
    if (fsync(fileno(file_)) != 0 && errno != EINVAL)
        throw Error(ErrorKind::Io,
                    "Syncing " + path_.string() + " to disk failed: " + std::strerror(errno) + ".");
#endif
    const int rc = std::fclose(file_);
    file_ = nullptr;
    if (rc != 0)
        throw Error(ErrorKind::Io,
                    "Closing " + path_.string() + " failed: " + std::strerror(errno) + ".");
    finished_ = true;
}

} // namespace glm
