// The per-generation chat formats behind ChatFormat::create.
#pragma once

#include "glm/chat_format.h"

#include <memory>

namespace glm::tok {

// GLM1 and GLM2: the "[Round i] 问：… 答：…" text prompt.
std::unique_ptr<ChatFormat> make_glm12_format(ChatFormatKind kind, const Tokenizer& tokenizer);
// GLM3 and GLM4: role tokens and separately encoded messages.
std::unique_ptr<ChatFormat> make_glm34_format(ChatFormatKind kind, const Tokenizer& tokenizer);

} // namespace glm::tok
