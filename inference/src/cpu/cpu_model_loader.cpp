#include "cpu/cpu_device.h"
#include "cpu/cpu_model.h"
#include "engine_internals.h"
#include "formats/gguf.h"
#include "formats/mapped_file.h"
#include "glm/engine.h"
#include "glm/error.h"
#include "models/model_config.h"
#include "quant/quantize.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace glm::cpu {

uint64_t CpuModel::weight_bytes() const {
    auto vec = [](const Vector& v) { return uint64_t(v.size()) * sizeof(float); };
    uint64_t n = embedding.size + output.size + vec(final_norm) + vec(final_norm_bias);
    for (const auto& l : layers)
        n += l.qkv.size + l.attn_out.size + l.ffn_up.size + l.ffn_down.size + vec(l.attn_norm) +
             vec(l.attn_norm_bias) + vec(l.qkv_bias) + vec(l.attn_out_bias) +
             vec(l.attn_post_norm) + vec(l.ffn_norm) + vec(l.ffn_norm_bias) + vec(l.ffn_up_bias) +
             vec(l.ffn_down_bias) + vec(l.ffn_post_norm);
    return n;
}

void FreeBytes::operator()(uint8_t* p) const noexcept {
    std::free(p);
}

WeightBytes allocate_weights(uint64_t n) {
    constexpr uint64_t kHugePage = 2ull << 20;
    const uint64_t rounded = (std::max<uint64_t>(n, 1) + kHugePage - 1) / kHugePage * kHugePage;
    void* p = std::aligned_alloc(size_t(kHugePage), size_t(rounded));
    if (!p)
        throw Error(ErrorKind::OutOfDeviceMemory,
                    "The system has no " + format_bytes(n) +
                        " of memory left for the model's "
                        "weights. Close other programs, or choose a smaller quantization (Q4_0).");
#ifdef MADV_HUGEPAGE
    madvise(p, size_t(rounded), MADV_HUGEPAGE); // a hint: without huge pages it still works
#endif
    return WeightBytes(static_cast<uint8_t*>(p));
}

namespace {

// RAM the weights take: matrices as they are in the file, vectors widened to fp32.
uint64_t ram_bytes_of(const GgufTensorInfo& t) {
    return t.dims.size() == 1 ? t.dims[0] * sizeof(float) : t.bytes;
}

} // namespace

void check_fits_in_memory(uint64_t need, uint64_t available, uint64_t installed,
                          const std::string& file_name) {
    if (available == 0 || need <= available) return;
    throw Error(ErrorKind::OutOfDeviceMemory,
                file_name + " needs " + format_bytes(need) + " of memory for its weights, but " +
                    format_bytes(available) + " of this computer's " + format_bytes(installed) +
                    " are available. Close other programs, or choose a smaller quantization "
                    "(Q4_0).");
}

std::shared_ptr<Model> load_model(std::shared_ptr<ComputeDevice> device,
                                  const std::filesystem::path& path, const LoadOptions& opt) {
    CpuDevice& cpu = EngineInternals::cpu(*device);
    GgufFile file = GgufFile::open(path);
    auto model = std::make_unique<CpuModel>();
    model->config = read_model_config(file);
    model->device = &cpu;
    const ModelConfig& config = model->config;
    validate_model_tensors(file, config);
    const auto specs = model_tensors(config);
    uint64_t total = 0, need = 0;
    for (const auto& spec : specs) {
        const GgufTensorInfo* t = file.tensor(spec.name);
        total += t->bytes;
        need += ram_bytes_of(*t);
    }
    check_fits_in_memory(need, available_memory_bytes(), physical_memory_bytes(), file.name());

    ModelInternals::Description d;
    d.path = path;
    d.file_bytes = file.mapping() ? file.mapping()->size() : 0;
    if (auto tok = file.get_bytes("tokenizer.glm.file"))
        d.tokenizer.assign(tok->begin(), tok->end());

    uint64_t done = 0;
    // Copies a tensor's bytes in slices, checking for a cancel between them. Positional reads,
    // not the mapping: a file that shrinks while it loads is an error naming it, not a SIGBUS.
    auto read_tensor = [&](const GgufTensorInfo& t, uint8_t* dst) {
        const std::span<const uint8_t> span = file.tensor_data(t);
        const MappedFile* mapped = file.mapping();
        constexpr uint64_t kSlice = 64ull << 20;
        for (uint64_t at = 0; at < span.size(); at += kSlice) {
            if (opt.cancel && opt.cancel->load())
                throw Error(ErrorKind::Cancelled, "Loading the model was cancelled.");
            const size_t n = size_t(std::min<uint64_t>(kSlice, span.size() - at));
            if (mapped)
                mapped->read(uint64_t(span.data() - mapped->bytes().data()) + at, dst + at, n);
            else
                std::memcpy(dst + at, span.data() + at, n);
            done += n;
            if (opt.progress) opt.progress(done, total);
        }
    };
    model->layers.resize(config.layers);
    for (const TensorSpec& spec : specs) {
        const GgufTensorInfo& t = *file.tensor(spec.name);
        if (Matrix* m = model->matrix_slot(spec)) {
            m->type = t.type;
            m->rows = uint32_t(t.rows());
            m->cols = uint32_t(t.dims[0]);
            m->size = t.bytes;
            m->bytes = allocate_weights(t.bytes);
            read_tensor(t, m->bytes.get());
        } else {
            std::vector<uint8_t> raw(size_t(t.bytes));
            read_tensor(t, raw.data());
            Vector& v = *model->vector_slot(spec);
            v.resize(size_t(t.dims[0]));
            quant::dequantize_row(t.type, raw.data(), t.dims[0], v.data());
        }
    }
    d.weight_type = model->layers.front().qkv.type;
    d.embedding_type = model->embedding.type;
    return ModelInternals::assemble(std::move(device), std::move(model), std::move(d));
}

} // namespace glm::cpu
