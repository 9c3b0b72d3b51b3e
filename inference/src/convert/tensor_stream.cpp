#include "convert/tensor_stream.h"

#include "formats/gguf_writer.h"
#include "glm/error.h"
#include "quant/official_quant.h"
#include "quant/quantize.h"

#include <algorithm>
#include <cstring>

#ifndef _WIN32
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace glm {

namespace {

uint64_t page_size() {
#ifndef _WIN32
    static const uint64_t page = uint64_t(sysconf(_SC_PAGESIZE));
    return page;
#else
    return 4096;
#endif
}

// Drops the pages of [begin, end) from this process (they stay in the OS file cache). `begin` is
// rounded down: the partial page before it was consumed by the previous chunk.
void release(const MappedFile& f, uint64_t begin, uint64_t end) {
    const uint64_t b = begin / page_size() * page_size();
    if (end > b) f.release_pages(b, end - b);
}

// Asks for read-ahead of a range about to be read front to back.
void expect_sequential(const MappedFile& f, uint64_t begin, uint64_t bytes) {
#ifndef _WIN32
    const uint64_t b = begin / page_size() * page_size();
    if (bytes && b < f.size())
        madvise(const_cast<uint8_t*>(f.bytes().data()) + b, size_t(std::min(begin + bytes, f.size()) - b), MADV_SEQUENTIAL);
#else
    (void)f, (void)begin, (void)bytes;
#endif
}

TensorType as_tensor_type(SourceDType t) {
    switch (t) {
    case SourceDType::F16: return TensorType::F16;
    case SourceDType::BF16: return TensorType::BF16;
    default: return TensorType::F32;
    }
}

} // namespace

TensorStreamer::TensorStreamer(size_t chunk_elements) : chunk_(std::max<size_t>(32, chunk_elements / 32 * 32)) {}

bool TensorStreamer::stream(const PlannedTensor& t, GgufWriter& w, const std::function<void(uint64_t)>& consumed) {
    if (t.official_bits) {
        stream_official(t, w, consumed);
        return true;
    }
    return stream_float(t, w, consumed);
}

bool TensorStreamer::stream_float(const PlannedTensor& t, GgufWriter& w, const std::function<void(uint64_t)>& consumed) {
    const SourceTensor& src = *t.source.tensor;
    const MappedFile& file = t.source.shard->file;
    const uint8_t* base = file.bytes().data() + src.offset;
    const uint32_t es = element_size(src.dtype);
    const TensorType from = as_tensor_type(src.dtype);
    const uint64_t total = src.elements();
    const SourceTensor* dup = t.duplicate.tensor;
    const uint8_t* dup_base = dup ? t.duplicate.shard->file.bytes().data() + dup->offset : nullptr;
    scratch_.resize(chunk_);
    out_.resize(size_t(row_bytes(TensorType::F32, chunk_)));
    expect_sequential(file, src.offset, src.bytes);
    if (dup) expect_sequential(t.duplicate.shard->file, dup->offset, dup->bytes);

    bool same = true;
    for (uint64_t done = 0; done < total;) {
        const size_t n = size_t(std::min<uint64_t>(chunk_, total - done));
        const uint8_t* s = base + done * es;
        if (from == TensorType::F32 && t.type != TensorType::F32 && reinterpret_cast<uintptr_t>(s) % alignof(float)) {
            std::memcpy(scratch_.data(), s, n * 4); // the quantizers read floats directly
            quant::quantize_row(t.type, scratch_.data(), n, out_.data());
        } else {
            quant::convert_row(from, s, t.type, out_.data(), n, scratch_.data());
        }
        w.write({out_.data(), size_t(row_bytes(t.type, n))});
        uint64_t read = n * es;
        if (dup) {
            same = same && std::memcmp(s, dup_base + done * es, n * es) == 0;
            release(t.duplicate.shard->file, dup->offset + done * es, dup->offset + (done + n) * es);
            read += n * es;
        }
        release(file, src.offset + done * es, src.offset + (done + n) * es);
        done += n;
        consumed(read);
    }
    release(file, src.offset, src.offset + src.bytes + page_size() - 1);
    return same;
}

void TensorStreamer::stream_official(const PlannedTensor& t, GgufWriter& w, const std::function<void(uint64_t)>& consumed) {
    const SourceTensor& codes = *t.source.tensor;
    const SourceTensor& scales = *t.scale.tensor;
    const MappedFile& code_file = t.source.shard->file;
    const MappedFile& scale_file = t.scale.shard->file;
    const uint8_t* code_base = code_file.bytes().data() + codes.offset;
    const uint8_t* scale_base = scale_file.bytes().data() + scales.offset;
    const size_t row = size_t(t.spec.dims[0]);
    const uint64_t rows = t.spec.dims[1];
    const size_t code_row = quant::official_row_bytes(t.official_bits, row);
    const size_t dst_row = size_t(row_bytes(t.type, row));
    const bool lossless_blocks = t.type != TensorType::F32 && quant::official_is_lossless(t.official_bits, t.type);
    const uint64_t rows_per_chunk = std::max<uint64_t>(1, chunk_ / row);
    scratch_.resize(std::max(chunk_, row));
    out_.resize(size_t(row_bytes(TensorType::F32, std::max<uint64_t>(chunk_, row))));
    expect_sequential(code_file, codes.offset, codes.bytes);

    for (uint64_t r0 = 0; r0 < rows; r0 += rows_per_chunk) {
        const uint64_t n = std::min(rows_per_chunk, rows - r0);
        for (uint64_t r = r0; r < r0 + n; ++r) {
            uint16_t scale;
            std::memcpy(&scale, scale_base + r * 2, 2);
            const uint8_t* c = code_base + r * code_row;
            uint8_t* dst = out_.data() + (r - r0) * dst_row;
            if (lossless_blocks) {
                quant::official_row_to_blocks(t.official_bits, c, scale, row, t.type, dst);
            } else {
                quant::official_row_to_float(t.official_bits, c, scale, row, scratch_.data());
                quant::quantize_row(t.type, scratch_.data(), row, dst);
            }
        }
        w.write({out_.data(), size_t(n * dst_row)});
        release(code_file, codes.offset + r0 * code_row, codes.offset + (r0 + n) * code_row);
        consumed(n * code_row + n * 2);
    }
    release(code_file, codes.offset, codes.offset + codes.bytes + page_size() - 1);
    release(scale_file, scales.offset, scales.offset + scales.bytes + page_size() - 1);
}

} // namespace glm
