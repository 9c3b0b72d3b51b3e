#include "convert/tensor_stream.h"

#include "formats/gguf_writer.h"
#include "glm/error.h"
#include "quant/fp16_rows.h"
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

// Below this many elements a chunk is converted on one thread (waking the pool costs more).
constexpr size_t kParallelMinimum = 1024;

uint64_t page_size() {
#ifndef _WIN32
    static const uint64_t page = uint64_t(sysconf(_SC_PAGESIZE));
    return page;
#else
    return 4096;
#endif
}

// Starts reading [begin, begin + bytes) from disk in the background (one large read instead of a
// page fault at a time).
void read_ahead(const MappedFile& f, uint64_t begin, uint64_t bytes) {
#ifndef _WIN32
    const uint64_t b = begin / page_size() * page_size();
    const uint64_t end = std::min(begin + bytes, f.size());
    if (end > b)
        madvise(const_cast<uint8_t*>(f.bytes().data()) + b, size_t(end - b), MADV_WILLNEED);
#else
    (void)f, (void)begin, (void)bytes;
#endif
}

TensorType as_tensor_type(SourceDType t) {
    switch (t) {
    case SourceDType::F16:
        return TensorType::F16;
    case SourceDType::BF16:
        return TensorType::BF16;
    default:
        return TensorType::F32;
    }
}

// Splits n elements into `parts` pieces of whole `unit`s; returns the piece size.
size_t piece_size(size_t n, unsigned parts, size_t unit) {
    const size_t units = (n + unit - 1) / unit;
    return (units + parts - 1) / parts * unit;
}

} // namespace

TensorStreamer::TensorStreamer(unsigned threads, size_t chunk_elements)
    : pool_(threads), chunk_(std::max<size_t>(32, chunk_elements / 32 * 32)) {}

bool TensorStreamer::stream(const PlannedTensor& t, GgufWriter& w,
                            const std::function<void(uint64_t)>& consumed) {
    if (t.official_bits) {
        stream_official(t, w, consumed);
        return true;
    }
    return stream_float(t, w, consumed);
}

// Converts elements [begin, begin + n) of the current chunk (`src` points at element 0 of the
// chunk) into out_ at the matching position. Pieces of one chunk never share output bytes.
void TensorStreamer::convert_piece(const PlannedTensor& t, SourceDType dtype, const uint8_t* src,
                                   size_t begin, size_t n) {
    const TensorType from = as_tensor_type(dtype);
    const uint8_t* s = src + begin * element_size(dtype);
    uint8_t* dst = out_.data() + row_bytes(t.type, begin);
    float* scratch = scratch_.data() + begin;
    if (from == t.type) {
        std::memcpy(dst, s, size_t(row_bytes(from, n)));
    } else if (from == TensorType::F16) {
        float* f = t.type == TensorType::F32 ? reinterpret_cast<float*>(dst) : scratch;
        quant::fp16_row_to_fp32(s, n, f);
        if (t.type != TensorType::F32) quant::quantize_row(t.type, f, n, dst);
    } else if (from == TensorType::F32 && reinterpret_cast<uintptr_t>(s) % alignof(float)) {
        std::memcpy(scratch, s, n * 4); // the quantizers read floats directly: align them first
        quant::quantize_row(t.type, scratch, n, dst);
    } else {
        quant::convert_row(from, s, t.type, dst, n, scratch);
    }
}

bool TensorStreamer::stream_float(const PlannedTensor& t, GgufWriter& w,
                                  const std::function<void(uint64_t)>& consumed) {
    // The parts' rows follow each other and every part holds whole rows, whose lengths are whole
    // quantization blocks (tensor_plan.cpp checks both): each part streams on its own.
    bool same = stream_part(t, t.source, t.duplicate.tensor ? &t.duplicate : nullptr, w, consumed);
    for (const LocatedTensor& part : t.parts) stream_part(t, part, nullptr, w, consumed);
    return same;
}

bool TensorStreamer::stream_part(const PlannedTensor& t, const LocatedTensor& part,
                                 const LocatedTensor* duplicate, GgufWriter& w,
                                 const std::function<void(uint64_t)>& consumed) {
    const SourceTensor& src = *part.tensor;
    const MappedFile& file = part.shard->file;
    const uint32_t es = element_size(src.dtype);
    const uint64_t total = src.elements();
    const SourceTensor* dup = duplicate ? duplicate->tensor : nullptr;
    scratch_.resize(chunk_);
    out_.resize(size_t(row_bytes(TensorType::F32, chunk_)));
    in_.resize(size_t(chunk_) * es);
    if (dup) dup_in_.resize(in_.size());
    read_ahead(file, src.offset, std::min<uint64_t>(src.bytes, chunk_ * es));

    bool same = true;
    for (uint64_t done = 0; done < total;) {
        const size_t n = size_t(std::min<uint64_t>(chunk_, total - done));
        file.read(src.offset + done * es, in_.data(), n * es);
        const uint8_t* s = in_.data();
        if (done + n < total)
            read_ahead(file, src.offset + (done + n) * es,
                       std::min<uint64_t>(chunk_, total - done - n) * es);
        if (n < kParallelMinimum) {
            convert_piece(t, src.dtype, s, 0, n);
        } else {
            const size_t piece = piece_size(n, pool_.size(), 32);
            pool_.run([&](unsigned p) {
                const size_t begin = size_t(p) * piece;
                if (begin < n) convert_piece(t, src.dtype, s, begin, std::min(piece, n - begin));
            });
        }
        w.write({out_.data(), size_t(row_bytes(t.type, n))});
        uint64_t read = n * es;
        if (dup) {
            duplicate->shard->file.read(dup->offset + done * es, dup_in_.data(), n * es);
            same = same && std::memcmp(s, dup_in_.data(), n * es) == 0;
            read += n * es;
        }
        done += n;
        consumed(read);
    }
    return same;
}

void TensorStreamer::stream_official(const PlannedTensor& t, GgufWriter& w,
                                     const std::function<void(uint64_t)>& consumed) {
    const SourceTensor& codes = *t.source.tensor;
    const SourceTensor& scales = *t.scale.tensor;
    const MappedFile& code_file = t.source.shard->file;
    const MappedFile& scale_file = t.scale.shard->file;
    std::vector<uint8_t> all_scales(size_t(scales.bytes));
    scale_file.read(scales.offset, all_scales.data(), all_scales.size());
    const uint8_t* scale_base = all_scales.data();
    const size_t row = size_t(t.spec.dims[0]);
    const uint64_t rows = t.spec.dims[1];
    const size_t code_row = quant::official_row_bytes(t.official_bits, row);
    const size_t dst_row = size_t(row_bytes(t.type, row));
    const bool lossless_blocks =
        t.type != TensorType::F32 && quant::official_is_lossless(t.official_bits, t.type);
    const uint64_t rows_per_chunk = std::max<uint64_t>(1, chunk_ / row);
    scratch_.resize(size_t(std::max<uint64_t>(chunk_, row)));
    out_.resize(size_t(row_bytes(TensorType::F32, std::max<uint64_t>(chunk_, row))));
    in_.resize(size_t(rows_per_chunk * code_row));

    for (uint64_t r0 = 0; r0 < rows; r0 += rows_per_chunk) {
        const size_t n = size_t(std::min(rows_per_chunk, rows - r0));
        code_file.read(codes.offset + r0 * code_row, in_.data(), n * code_row);
        read_ahead(code_file, codes.offset + (r0 + n) * code_row,
                   std::min<uint64_t>(rows_per_chunk, rows - r0 - n) * code_row);
        auto convert_rows = [&](size_t first, size_t count) {
            for (size_t r = first; r < first + count; ++r) {
                uint16_t scale;
                std::memcpy(&scale, scale_base + (r0 + r) * 2, 2);
                const uint8_t* c = in_.data() + r * code_row;
                uint8_t* dst = out_.data() + r * dst_row;
                if (lossless_blocks) {
                    quant::official_row_to_blocks(t.official_bits, c, scale, row, t.type, dst);
                } else {
                    float* f = scratch_.data() + r * row;
                    quant::official_row_to_float(t.official_bits, c, scale, row, f);
                    quant::quantize_row(t.type, f, row, dst);
                }
            }
        };
        if (n * row < kParallelMinimum) {
            convert_rows(0, n);
        } else {
            const size_t piece = piece_size(n, pool_.size(), 1);
            pool_.run([&](unsigned part) {
                const size_t first = size_t(part) * piece;
                if (first < n) convert_rows(first, std::min(piece, n - first));
            });
        }
        w.write({out_.data(), n * dst_row});
        consumed(n * code_row + n * 2);
    }
}

} // namespace glm
