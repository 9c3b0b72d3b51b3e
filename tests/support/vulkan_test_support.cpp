#include "vulkan_test_support.h"

#include "vulkan/instance.h"

#include <cstdlib>
#include <memory>

namespace glm::test {

Engine& engine() {
    // Validation is on for every test run by ctest (GLM_VULKAN_VALIDATION=1 in its environment).
    static Engine e(EngineOptions{false, "-"});
    return e;
}

GpuDevice& gpu() {
    static std::shared_ptr<GpuDevice> d = engine().open();
    return *d;
}

vk::Device& device() {
    return EngineInternals::device(gpu());
}

uint64_t validation_errors() {
    return vk::validation_error_count();
}

} // namespace glm::test
