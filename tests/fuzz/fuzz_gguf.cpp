// libFuzzer: GGUF parsing and the model configuration read from it.
#include "formats/gguf.h"
#include "glm/error.h"
#include "models/model_config.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        const auto f = glm::GgufFile::parse({data, size}, "fuzz.gguf");
        for (const auto& t : f.tensors())
            if (t.offset > size || t.bytes > size - t.offset) std::abort();
        glm::read_model_config(f);
        glm::model_tensors(glm::read_model_config(f));
    } catch (const glm::Error&) {
    }
    return 0;
}
