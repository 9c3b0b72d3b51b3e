#include "formats/source_tensor.h"

namespace glm {

const char* to_string(SourceDType t) noexcept {
    switch (t) {
    case SourceDType::F16:
        return "float16";
    case SourceDType::BF16:
        return "bfloat16";
    case SourceDType::F32:
        return "float32";
    case SourceDType::F64:
        return "float64";
    case SourceDType::I8:
        return "int8";
    case SourceDType::U8:
        return "uint8";
    case SourceDType::I16:
        return "int16";
    case SourceDType::I32:
        return "int32";
    case SourceDType::I64:
        return "int64";
    case SourceDType::Bool:
        return "bool";
    }
    return "unknown";
}

uint32_t element_size(SourceDType t) noexcept {
    switch (t) {
    case SourceDType::I8:
    case SourceDType::U8:
    case SourceDType::Bool:
        return 1;
    case SourceDType::F16:
    case SourceDType::BF16:
    case SourceDType::I16:
        return 2;
    case SourceDType::F32:
    case SourceDType::I32:
        return 4;
    case SourceDType::F64:
    case SourceDType::I64:
        return 8;
    }
    return 1;
}

uint64_t SourceTensor::elements() const {
    return checked_elements(shape).value_or(0);
}

std::optional<uint64_t> checked_elements(const std::vector<uint64_t>& shape) {
    constexpr uint64_t limit = uint64_t(1) << 48;
    uint64_t n = 1;
    for (uint64_t d : shape) {
        if (d > limit || (d != 0 && n > limit / d)) return std::nullopt;
        n *= d;
    }
    return n;
}

std::string shape_string(const std::vector<uint64_t>& shape) {
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

} // namespace glm
