#include "glm/model_file.h"

#include "formats/gguf.h"
#include "models/model_config.h"

#include <map>

namespace glm {

ModelFileInfo inspect_model_file(const std::filesystem::path& path) {
    const GgufFile f = GgufFile::open(path);
    ModelFileInfo info;
    info.config = read_model_config(f);
    validate_model_tensors(f, info.config);
    info.architecture = f.require_string("general.architecture");
    info.gguf_version = f.version();
    info.file_bytes = f.mapping() ? f.mapping()->size() : 0;
    if (const auto tokenizer = f.get_bytes("tokenizer.glm.file"))
        info.tokenizer_bytes = tokenizer->size();
    info.file_type = f.get_uint("general.file_type");
    info.quantization = f.get_string("glm.quantization");
    info.tensor_count = f.tensors().size();
    std::map<TensorType, ModelFileInfo::TypeTotal> by_type;
    for (const auto& t : f.tensors()) {
        auto& total = by_type[t.type];
        total.type = t.type;
        total.tensors += 1;
        total.bytes += t.bytes;
        info.parameters += t.elements();
    }
    for (const auto& [type, total] : by_type) info.tensor_types.push_back(total);
    return info;
}

} // namespace glm
