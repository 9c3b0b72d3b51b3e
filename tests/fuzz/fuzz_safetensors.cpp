// libFuzzer: the safetensors header reader; every tensor it accepts lies inside the file.
#include "formats/safetensors.h"
#include "glm/error.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        for (const auto& t : glm::read_safetensors({data, size}, "fuzz.safetensors"))
            if (t.offset > size || t.bytes > size - t.offset) std::abort();
    } catch (const glm::Error&) {
    }
    return 0;
}
