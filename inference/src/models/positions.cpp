#include "models/positions.h"

#include "glm/architecture.h"
#include "glm/error.h"

#include <algorithm>

namespace glm {

SequenceLayout layout_for_prompt(const ModelConfig& c, std::span<const int32_t> prompt) {
    SequenceLayout l;
    if (c.architecture().mask != MaskKind::PrefixLm) return l;
    // The official code prefers [gMASK] when both are present (modeling_chatglm.py).
    auto find = [&](int32_t id) -> int64_t {
        if (id < 0) return -1;
        auto it = std::find(prompt.begin(), prompt.end(), id);
        return it == prompt.end() ? -1 : int64_t(it - prompt.begin());
    };
    int64_t m = find(c.gmask_id);
    if (m < 0) m = find(c.mask_id);
    const int64_t ctx = find(c.bos_id);
    if (m < 0 || ctx < 0 || ctx < m)
        throw Error(ErrorKind::InvalidArgument,
                    "A ChatGLM-6B prompt must contain [gMASK] (id " + std::to_string(c.gmask_id) +
                        ") followed by <sop> (id " + std::to_string(c.bos_id) +
                        "); the tokenizer appends both. With --ids, end the ids with them.");
    l.mask_index = uint32_t(m);
    l.context_index = uint32_t(ctx);
    l.prefix = uint32_t(ctx);
    return l;
}

TokenPosition position_at(const ModelConfig& c, const SequenceLayout& l, uint32_t t) {
    if (c.architecture().mask != MaskKind::PrefixLm) return {t, 0};
    if (t < l.context_index) return {t, 0};
    return {l.mask_index, t - l.context_index + 1};
}

} // namespace glm
