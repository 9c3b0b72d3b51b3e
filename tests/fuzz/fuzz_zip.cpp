// libFuzzer: the zip container and the whole PyTorch checkpoint reader (zip + pickle + storage
// bounds) on arbitrary bytes.
#include "formats/torch_checkpoint.h"
#include "formats/zip_archive.h"
#include "glm/error.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::span<const uint8_t> bytes(data, size);
    try {
        const auto zip = glm::ZipArchive::parse(bytes, "fuzz.zip");
        for (const auto& e : zip.entries()) {
            try {
                const auto d = zip.data(e);
                if (d.data() < data || d.data() + d.size() > data + size)
                    std::abort(); // out of bounds
            } catch (const glm::Error&) {
            }
        }
    } catch (const glm::Error&) {
    }
    try {
        for (const auto& t : glm::read_torch_checkpoint(bytes, "fuzz.bin"))
            if (t.offset > size || t.bytes > size - t.offset) std::abort();
    } catch (const glm::Error&) {
    }
    return 0;
}
