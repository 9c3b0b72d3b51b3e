// Sampling options shared by glm-cli generate and chat.
#pragma once

#include "cli.h"
#include "glm/sampler.h"
#include "glm/session.h"

namespace glm::cli {

std::vector<OptionSpec> sampling_options();
// The options given, over `defaults` (the model generation's official settings).
SamplingParams sampling_from_args(const Args& args, SamplingParams defaults);
// "N prompt tokens, M generated; first token ... ms, ... tok/s" on stderr.
void print_stats(const GenerationStats& stats);

} // namespace glm::cli
