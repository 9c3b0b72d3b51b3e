#include "tensors/device_tensors.h"

#include "glm/error.h"
#include "quant/quantize.h"
#include "vulkan/device.h"

#include <algorithm>
#include <cstring>

namespace glm {

namespace {
uint64_t padded(uint64_t k) {
    return (k + 31) / 32 * 32;
}
bool quantized(TensorType t) {
    return t == TensorType::Q4_0 || t == TensorType::Q8_0;
}
} // namespace

uint64_t device_row_words(TensorType type, uint64_t k) {
    switch (type) {
    case TensorType::F32:
        return padded(k);
    case TensorType::F16:
        return padded(k) / 2;
    case TensorType::Q8_0:
        return k / 4;
    case TensorType::Q4_0:
        return k / 8;
    default:
        throw Error(ErrorKind::InvalidFile,
                    std::string("the engine cannot compute with ") + to_string(type) + " matrices");
    }
}

uint64_t scales_per_row(TensorType type, uint64_t k) {
    return quantized(type) ? k / 32 : 0;
}
uint64_t scale_row_stride(TensorType type, uint64_t k) {
    return (scales_per_row(type, k) + 1) / 2 * 2;
}

uint64_t DeviceMatrix::device_bytes() const {
    uint64_t n = 0;
    for (const auto& c : chunks) n += c.data.size() + (c.scales ? c.scales.size() : 0);
    return n;
}

TensorBytes TensorBytes::of(std::span<const uint8_t> bytes) {
    return {bytes.size(), [bytes](uint64_t offset, void* dst, size_t n) {
                std::memcpy(dst, bytes.data() + offset, n);
            }};
}

uint64_t RowOrder::source_row(uint64_t r, uint64_t rows) const {
    switch (kind) {
    case PairedHalves:
        return (r % 2) * (rows / 2) + r / 2;
    case Glm1RotaryPairs: {
        const uint64_t D = head_dim, R = D / 2, head = r / (3 * D), j = r % (3 * D);
        if (j >= 2 * D) return r; // values
        const uint64_t section = j / D, d = j % D, half = d / R, i = d % R;
        return head * 3 * D + section * D + half * R + i / 2 + (i % 2) * (R / 2);
    }
    default:
        return r;
    }
}

std::string RowOrder::check(uint64_t rows) const {
    if (kind == PairedHalves && rows % 2)
        return "should hold two halves but has an odd number of rows";
    if (kind == Glm1RotaryPairs && (head_dim == 0 || head_dim % 4 || rows % (3ull * head_dim)))
        return "should hold whole heads of query, key and value rows with a head size that is a "
               "multiple of 4";
    return {};
}

DeviceMatrix upload_matrix(vk::Device& device, const std::string& name, TensorType type,
                           uint64_t rows, uint64_t k, const TensorBytes& data,
                           uint64_t max_chunk_bytes, RowOrder order) {
    if (!is_supported(type))
        throw Error(ErrorKind::InvalidFile,
                    "tensor " + name + " has type " + to_string(type) +
                        ", which the engine cannot compute with (F32, F16, Q8_0, Q4_0).");
    if (k % block_elements(type))
        throw Error(ErrorKind::InvalidFile,
                    "tensor " + name + ": rows are not whole quantization blocks.");
    const uint64_t src_row = row_bytes(type, k);
    if (data.size != rows * src_row)
        throw Error(ErrorKind::InvalidFile, "tensor " + name + " has the wrong size.");
    const uint64_t words = device_row_words(type, k), nscales = scales_per_row(type, k);
    const uint64_t sstride = scale_row_stride(type, k); // even: each row's scales start a word

    if (const std::string wrong = order.check(rows); !wrong.empty())
        throw Error(ErrorKind::InvalidFile, "tensor " + name + " " + wrong + ".");

    DeviceMatrix m;
    m.name = name;
    m.type = type;
    m.rows = rows;
    m.cols = k;
    m.paired_rows = order.kind == RowOrder::PairedHalves;
    m.rotary_pairs = order.kind == RowOrder::Glm1RotaryPairs;
    auto& alloc = device.allocator();
    // Chunk by the data buffer; the scale buffer of a chunk is 8-16x smaller.
    vk::SplitBuffer split(alloc, rows, words * 4, vk::MemoryUsage::DeviceLocal, "tensor " + name,
                          64, max_chunk_bytes);
    // Repack in slices to bound host memory (~16 MiB at a time); an even number of rows, so with
    // paired rows every slice starts on a gate row (chunks hold multiples of 64 rows).
    const uint64_t slice_rows =
        std::max<uint64_t>(2, (16ull << 20) / (words * 4 + sstride * 2) / 2 * 2);
    std::vector<uint32_t> slice_words;
    std::vector<uint16_t> slice_scales;
    std::vector<uint8_t> slice_src;
    std::vector<uint64_t> source, sorted;
    for (auto& c : split.chunks()) {
        MatrixChunk mc;
        mc.first_row = c.first_row;
        mc.rows = c.rows;
        mc.data = std::move(c.buffer);
        if (nscales)
            mc.scales = alloc.allocate(c.rows * sstride * 2, vk::MemoryUsage::DeviceLocal,
                                       "scales of " + name);
        for (uint64_t r0 = 0; r0 < mc.rows; r0 += slice_rows) {
            const uint64_t n = std::min(slice_rows, mc.rows - r0);
            slice_words.assign(n * words, 0);
            slice_scales.assign(n * sstride, 0);
            // The slice's source rows, read in ascending order, one read per consecutive run
            // (a whole slice in order; its gate rows and its up rows when paired).
            const uint64_t d0 = mc.first_row + r0;
            source.resize(n);
            for (uint64_t r = 0; r < n; ++r) source[r] = order.source_row(d0 + r, rows);
            sorted = source;
            std::sort(sorted.begin(), sorted.end());
            slice_src.resize(size_t(n * src_row));
            for (uint64_t i = 0; i < n;) {
                uint64_t run = 1;
                while (i + run < n && sorted[i + run] == sorted[i] + run) ++run;
                data.read(sorted[i] * src_row, slice_src.data() + i * src_row,
                          size_t(run * src_row));
                i += run;
            }
            for (uint64_t r = 0; r < n; ++r) {
                const uint64_t at = uint64_t(
                    std::lower_bound(sorted.begin(), sorted.end(), source[r]) - sorted.begin());
                const uint8_t* src = slice_src.data() + at * src_row;
                uint8_t* dst = reinterpret_cast<uint8_t*>(slice_words.data() + r * words);
                switch (type) {
                case TensorType::F32:
                case TensorType::F16:
                    std::memcpy(dst, src, src_row);
                    break;
                case TensorType::Q8_0:
                case TensorType::Q4_0: {
                    const uint32_t bb = block_bytes(type), qb = bb - 2;
                    for (uint64_t b = 0; b < nscales; ++b) {
                        std::memcpy(&slice_scales[r * sstride + b], src + b * bb, 2);
                        std::memcpy(dst + b * qb, src + b * bb + 2, qb);
                    }
                    break;
                }
                default:
                    break;
                }
            }
            device.upload(mc.data, r0 * words * 4, slice_words.data(), n * words * 4);
            if (nscales)
                device.upload(mc.scales, r0 * sstride * 2, slice_scales.data(), n * sstride * 2);
        }
        const uint64_t data_bytes = mc.rows * words * 4;
        if (vk::TexelView::supported(device, VK_FORMAT_R32G32B32A32_UINT, data_bytes, 16)) {
            mc.data_texels =
                vk::TexelView(device, mc.data.view(0, data_bytes), VK_FORMAT_R32G32B32A32_UINT);
            if (nscales) {
                const uint64_t scale_bytes = mc.rows * sstride * 2;
                if (vk::TexelView::supported(device, VK_FORMAT_R32_UINT, scale_bytes, 4))
                    mc.scale_texels =
                        vk::TexelView(device, mc.scales.view(0, scale_bytes), VK_FORMAT_R32_UINT);
            }
        }
        m.chunks.push_back(std::move(mc));
    }
    return m;
}

DeviceVector upload_floats(vk::Device& device, const std::string& name,
                           std::span<const float> values) {
    DeviceVector v;
    v.size = values.size();
    v.buffer = device.allocator().allocate(values.size() * 4, vk::MemoryUsage::DeviceLocal,
                                           "tensor " + name);
    device.upload(v.buffer, 0, values.data(), values.size() * 4);
    return v;
}

DeviceVector upload_vector(vk::Device& device, const std::string& name, TensorType type, uint64_t n,
                           std::span<const uint8_t> data, RowOrder order) {
    if (data.size() != row_bytes(type, n))
        throw Error(ErrorKind::InvalidFile, "tensor " + name + " has the wrong size.");
    if (const std::string wrong = order.check(n); !wrong.empty())
        throw Error(ErrorKind::InvalidFile, "tensor " + name + " " + wrong + ".");
    std::vector<float> f(n), stored(n);
    quant::dequantize_row(type, data.data(), n, f.data());
    for (uint64_t i = 0; i < n; ++i) stored[i] = f[order.source_row(i, n)];
    return upload_floats(device, name, stored);
}

} // namespace glm
