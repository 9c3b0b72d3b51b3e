#include "glm/kv_cache.h"

namespace glm {

const char* to_string(KvCacheType t) {
    switch (t) {
    case KvCacheType::F16:
        return "f16";
    case KvCacheType::F32:
        return "f32";
    case KvCacheType::Q8_0:
        return "q8_0";
    }
    return "?";
}

std::optional<KvCacheType> kv_cache_type_from_string(std::string_view s) {
    for (KvCacheType t : {KvCacheType::F16, KvCacheType::F32, KvCacheType::Q8_0})
        if (s == to_string(t)) return t;
    return std::nullopt;
}

uint64_t kv_cache_row_bytes(KvCacheType t, uint32_t head_dim) {
    switch (t) {
    case KvCacheType::F16:
        return uint64_t(head_dim) * 2;
    case KvCacheType::F32:
        return uint64_t(head_dim) * 4;
    case KvCacheType::Q8_0:
        return head_dim % 32 ? 0 : uint64_t(head_dim) + head_dim / 32 * 4;
    }
    return 0;
}

} // namespace glm
