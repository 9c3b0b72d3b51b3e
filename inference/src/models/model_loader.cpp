// Loading onto a Vulkan device: validate a GGUF file against the configuration it declares, check
// that it fits the device, then upload it tensor by tensor from the memory-mapped file.
#include "models/model_loader.h"

#include "engine_internals.h"
#include "formats/gguf.h"
#include "glm/engine.h"
#include "glm/error.h"
#include "glm/model.h"
#include "models/device_model.h"
#include "models/model_config.h"
#include "vulkan/device.h"

#include <map>
#include <span>
#include <vector>

namespace glm {

namespace {

std::string shape_string(const std::vector<uint64_t>& dims) {
    std::string s = "[";
    for (size_t i = 0; i < dims.size(); ++i) s += (i ? ", " : "") + std::to_string(dims[i]);
    return s + "]";
}

uint64_t device_bytes_of(const GgufTensorInfo& t) {
    if (t.dims.size() == 1) return t.dims[0] * 4;
    return t.rows() *
           (device_row_words(t.type, t.dims[0]) * 4 + scale_row_stride(t.type, t.dims[0]) * 2);
}

} // namespace

void validate_model_tensors(const GgufFile& file, const ModelConfig& config) {
    for (const auto& spec : model_tensors(config)) {
        const GgufTensorInfo* t = file.tensor(spec.name);
        if (!t)
            throw Error(
                ErrorKind::InvalidFile,
                file.name() + ": tensor " + spec.name + " is missing" +
                    (spec.name.rfind("blk.", 0) == 0
                         ? " (the file declares " + std::to_string(config.layers) + " layers)."
                         : "."));
        if (t->dims != spec.dims)
            throw Error(ErrorKind::InvalidFile, file.name() + ": tensor " + spec.name +
                                                    " has shape " + shape_string(t->dims) +
                                                    " but the configuration needs " +
                                                    shape_string(spec.dims) + ".");
        if (spec.is_matrix() && !is_supported(t->type))
            throw Error(ErrorKind::InvalidFile, file.name() + ": tensor " + spec.name +
                                                    " has type " + to_string(t->type) +
                                                    ", which the engine cannot compute with.");
    }
}

std::shared_ptr<Model> load_vulkan_model(std::shared_ptr<ComputeDevice> gpu,
                                         const std::filesystem::path& path,
                                         const LoadOptions& opt) {
    GgufFile file = GgufFile::open(path);
    ModelConfig config = read_model_config(file);
    const auto specs = model_tensors(config);

    // Validate every tensor before touching the device.
    validate_model_tensors(file, config);
    std::map<std::string, const GgufTensorInfo*> found;
    uint64_t total = 0, need = 0;
    for (const auto& spec : specs) {
        const GgufTensorInfo* t = file.tensor(spec.name);
        found[spec.name] = t;
        total += t->bytes;
        need += device_bytes_of(*t);
    }
    vk::Device& dev = EngineInternals::device(*gpu);
    const auto stats = dev.allocator().stats();
    if (stats.device_local_heap_size &&
        stats.device_local_bytes + need > stats.device_local_heap_size)
        throw Error(ErrorKind::OutOfDeviceMemory,
                    "The model needs " + format_bytes(need) +
                        " of GPU memory for its weights, but " + gpu->info().name + " has " +
                        format_bytes(stats.device_local_heap_size - stats.device_local_bytes) +
                        " available. Choose a smaller quantization (Q4_0) or a device with more "
                        "memory.");

    ModelInternals::Description d;
    d.path = path;
    d.file_bytes = file.mapping() ? file.mapping()->size() : 0;
    if (auto tok = file.get_bytes("tokenizer.glm.file"))
        d.tokenizer.assign(tok->begin(), tok->end());
    DeviceModel m;
    m.config = config;
    m.gpu = gpu;
    m.kernels = std::make_unique<KernelContext>(dev);

    uint64_t done = 0;
    auto check_cancel = [&] {
        if (opt.cancel && opt.cancel->load())
            throw Error(ErrorKind::Cancelled, "Loading the model was cancelled.");
    };
    // Tensor data is read with positional reads, not through the mapping: a model file that
    // shrinks while it loads (replaced, or truncated by a full disk) is an error naming it,
    // where a read through the mapping past its new end would kill the process (SIGBUS).
    auto bytes_of = [&](const GgufTensorInfo& t) {
        const std::span<const uint8_t> span = file.tensor_data(t);
        const MappedFile* mapped = file.mapping();
        if (!mapped) return TensorBytes::of(span);
        const uint64_t at = uint64_t(span.data() - mapped->bytes().data());
        return TensorBytes{span.size(), [mapped, at](uint64_t offset, void* dst, size_t n) {
                               mapped->read(at + offset, dst, n);
                           }};
    };
    auto matrix = [&](const std::string& name, RowOrder order) {
        check_cancel();
        const GgufTensorInfo* t = found.at(name);
        DeviceMatrix mat = upload_matrix(dev, name, t->type, t->rows(), t->dims[0], bytes_of(*t),
                                         opt.max_chunk_bytes, order);
        done += t->bytes;
        if (opt.progress) opt.progress(done, total);
        return mat;
    };
    auto vector = [&](const std::string& name, RowOrder order) {
        check_cancel();
        const GgufTensorInfo* t = found.at(name);
        const TensorBytes source = bytes_of(*t);
        std::vector<uint8_t> bytes(size_t(source.size));
        source.read(0, bytes.data(), bytes.size());
        DeviceVector v = upload_vector(dev, name, t->type, t->dims[0], bytes, order);
        done += t->bytes;
        if (opt.progress) opt.progress(done, total);
        return v;
    };
    m.layers.resize(config.layers);
    for (const TensorSpec& spec : specs) {
        const RowOrder order = device_row_order(config, spec.role);
        if (DeviceMatrix* slot = m.matrix_slot(spec))
            *slot = matrix(spec.name, order);
        else
            *m.vector_slot(spec) = vector(spec.name, order);
    }
    d.weight_type = m.layers.front().qkv.type;
    d.embedding_type = m.embedding.type;
    return ModelInternals::assemble(std::move(gpu), std::move(m), std::move(d));
}

} // namespace glm
