// Shared helpers of the converter tests: fixture paths, converting into a scratch folder, reading
// GGUF tensors back as floats.
#pragma once

#include "formats/gguf.h"
#include "glm/convert.h"
#include "quant/quantize.h"
#include "test_files.h"

#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <string>
#include <vector>

namespace glm::test {

inline std::filesystem::path checkpoint(const std::string& name) {
    return test_data_dir() / "checkpoints" / name;
}

inline std::filesystem::path scratch(const QTemporaryDir& dir, const std::string& name) {
    return std::filesystem::path(dir.path().toStdString()) / name;
}

inline ConvertOptions options_for(TensorType type) {
    ConvertOptions o;
    o.type = type;
    return o;
}

inline std::vector<float> tensor_floats(const GgufFile& f, const std::string& name) {
    const GgufTensorInfo* t = f.tensor(name);
    if (!t) throw std::runtime_error("no tensor " + name);
    std::vector<float> out(t->elements());
    const auto data = f.tensor_data(*t);
    const uint64_t row = t->dims[0], rb = row_bytes(t->type, row);
    for (uint64_t r = 0; r < t->rows(); ++r)
        quant::dequantize_row(t->type, data.data() + r * rb, row, out.data() + r * row);
    return out;
}

inline bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * 4) == 0;
}

} // namespace glm::test
