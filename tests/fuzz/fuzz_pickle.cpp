// libFuzzer: the state-dict pickle reader never crashes, loops or over-allocates.
#include "formats/pickle_reader.h"
#include "glm/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        glm::read_state_dict_pickle({data, size}, "fuzz.pkl");
    } catch (const glm::Error&) {
    }
    return 0;
}
