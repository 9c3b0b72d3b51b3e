// How a session's KV cache stores keys and values (shaders/kv_cache.glsl).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace glm {

enum class KvCacheType : uint8_t {
    F16,  // the default
    F32,  // exact, for conformance checks; twice the memory of F16
    Q8_0, // 8-bit values with one fp32 scale per 32: 0.5625x the memory of F16, for long contexts
};

const char* to_string(KvCacheType t);
std::optional<KvCacheType> kv_cache_type_from_string(std::string_view s); // "f16", "f32", "q8_0"

// Bytes of one (kv head, position) row of head_dim values; 0 when the type cannot hold such a
// row (Q8_0 needs a multiple of 32 dimensions).
uint64_t kv_cache_row_bytes(KvCacheType t, uint32_t head_dim);

} // namespace glm
