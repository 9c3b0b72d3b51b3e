// Reads the few settings of a SentencePiece model file (a serialized ModelProto) that decoding
// depends on and that libsentencepiece does not expose without the protobuf headers.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

namespace glm::tok {

struct SpmNormalizerFlags {
    bool add_dummy_prefix = true;         // NormalizerSpec.add_dummy_prefix (proto default true)
    bool remove_extra_whitespaces = true; // NormalizerSpec.remove_extra_whitespaces (default true)
};

// nullopt when the bytes are not a well-formed protobuf message at the top level.
std::optional<SpmNormalizerFlags> read_spm_normalizer_flags(std::span<const uint8_t> model);

} // namespace glm::tok
