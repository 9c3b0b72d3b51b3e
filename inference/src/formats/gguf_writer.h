// GGUF version 3 writing, streamed: metadata and tensor descriptions first, then each tensor's
// bytes in order, in as many pieces as the caller likes, so a converter never holds a whole model
// (or even a whole tensor) in memory. I/O errors (e.g. a full disk) become glm::Error(Io).
#pragma once

#include "formats/gguf.h"
#include "glm/tensor_type.h"

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace glm {

class GgufWriter {
public:
    explicit GgufWriter(std::filesystem::path path, uint64_t alignment = kGgufDefaultAlignment);
    ~GgufWriter(); // closes; does not delete a half-written file (the caller owns its name)
    GgufWriter(const GgufWriter&) = delete;
    GgufWriter& operator=(const GgufWriter&) = delete;

    // Metadata (before begin_data). Keys keep the order they were set in.
    void set_u32(const std::string& key, uint32_t v);
    void set_i32(const std::string& key, int32_t v);
    void set_u64(const std::string& key, uint64_t v);
    void set_f32(const std::string& key, float v);
    void set_bool(const std::string& key, bool v);
    void set_string(const std::string& key, const std::string& v);
    void set_bytes(const std::string& key, std::span<const uint8_t> v);       // array of uint8
    void set_u32_array(const std::string& key, std::span<const uint32_t> v);
    void set_string_array(const std::string& key, const std::vector<std::string>& v);

    // Declares a tensor (before begin_data). dims in GGUF order (dims[0] = row length).
    void add_tensor(const std::string& name, std::vector<uint64_t> dims, TensorType type);

    // Writes the header; afterwards tensor data is written in declaration order.
    void begin_data();
    // Appends bytes of the current tensor; moves to the next one when it is complete.
    void write(std::span<const uint8_t> bytes);
    // Flushes and syncs to disk; checks that every tensor was written completely.
    void finish();

    uint64_t bytes_written() const { return written_; }
    uint64_t total_bytes() const; // the size the file will have (known after begin_data)
    const std::filesystem::path& path() const { return path_; }

private:
    void put(const void* p, size_t n);
    void put_string(const std::string& s);
    void put_key(const std::string& key, GgufType type);
    void pad_to_alignment();

    struct Pending {
        std::string name;
        std::vector<uint64_t> dims;
        TensorType type;
        uint64_t bytes;
        uint64_t offset;
    };
    std::filesystem::path path_;
    std::FILE* file_ = nullptr;
    uint64_t alignment_;
    std::vector<uint8_t> header_; // metadata, serialised as it is set
    uint64_t kv_count_ = 0;
    std::vector<Pending> tensors_;
    uint64_t data_bytes_ = 0;
    size_t current_ = 0;
    uint64_t current_done_ = 0;
    uint64_t written_ = 0;
    uint64_t data_start_ = 0;
    bool data_started_ = false, finished_ = false;
};

} // namespace glm
