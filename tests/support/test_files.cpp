#include "test_files.h"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace glm::test {

static std::filesystem::path env_path(const char* name, const char* fallback) {
    const char* v = std::getenv(name);
    return std::filesystem::path(v && *v ? v : fallback);
}

// Defaults point into the source tree so a test binary also runs outside ctest.
std::filesystem::path conformance_dir() { return env_path("GLM_CONFORMANCE_DIR", GLM_SOURCE_DIR "/tests/data/conformance"); }
std::filesystem::path test_data_dir() { return env_path("GLM_TEST_DATA", GLM_SOURCE_DIR "/tests/data"); }

std::vector<uint8_t> read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path.string());
    return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void write_file(const std::filesystem::path& path, const void* data, size_t bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(static_cast<const char*>(data), std::streamsize(bytes));
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

} // namespace glm::test
