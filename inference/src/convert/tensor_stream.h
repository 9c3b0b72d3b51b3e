// Streams one planned tensor from the checkpoint into a GgufWriter: read in chunks into fixed
// buffers with positional reads (so memory does not grow with the tensor or the file, and a shard
// truncated while it is converted is a clean error rather than a SIGBUS from its mapping),
// converted by a pool of threads, the next chunk read ahead while one is converted.
#pragma once

#include "convert/tensor_plan.h"
#include "convert/worker_pool.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace glm {

class GgufWriter;

class TensorStreamer {
public:
    // `threads`: 0 for the machine's (at most 8). `chunk_elements`: elements converted per step
    // (rounded to whole 32-element blocks); the buffers take up to 16 bytes per chunk element.
    explicit TensorStreamer(unsigned threads = 0, size_t chunk_elements = size_t(1) << 22);

    // `consumed(bytes)` is called after every chunk with the input bytes it read; it may throw
    // (cancellation). Returns false when the tensor's `duplicate` (ChatGLM-6B's lm_head) differs
    // from it.
    bool stream(const PlannedTensor& tensor, GgufWriter& writer,
                const std::function<void(uint64_t)>& consumed);

private:
    bool stream_float(const PlannedTensor& t, GgufWriter& w,
                      const std::function<void(uint64_t)>& consumed);
    void stream_official(const PlannedTensor& t, GgufWriter& w,
                         const std::function<void(uint64_t)>& consumed);

    // One source tensor of t (its only one, or one of its parts); `duplicate` is compared with it.
    bool stream_part(const PlannedTensor& t, const LocatedTensor& part,
                     const LocatedTensor* duplicate, GgufWriter& w,
                     const std::function<void(uint64_t)>& consumed);
    void convert_piece(const PlannedTensor& t, SourceDType dtype, const uint8_t* src, size_t begin,
                       size_t n);

    WorkerPool pool_;
    size_t chunk_;
    std::vector<float> scratch_;
    std::vector<uint8_t> out_;
    std::vector<uint8_t> in_, dup_in_; // the chunk's source bytes (and its duplicate's)
};

} // namespace glm
