// JSON from checkpoint folders (config.json, shard indexes, safetensors headers) parsed strictly:
// a syntax error, a key that appears twice in one object (e.g. a tensor listed twice) or nesting
// deeper than the format needs is a glm::Error(InvalidFile) naming the source.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace glm {

nlohmann::json parse_json_strictly(std::string_view text, const std::string& source,
                                   int max_depth = 16);

} // namespace glm
