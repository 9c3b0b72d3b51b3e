#include "vulkan_test_support.h"

#include "vulkan/instance.h"

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <string>

namespace glm::test {

Engine& engine() {
    // Validation is on for every test run by ctest (GLM_VULKAN_VALIDATION=1 in its environment).
    static Engine e(EngineOptions{false, "-"});
    return e;
}

ComputeDevice& gpu() {
    static std::shared_ptr<ComputeDevice> d = engine().open("vulkan");
    return *d;
}

bool testing_cpu_backend() {
    const char* v = std::getenv("GLM_TEST_BACKEND");
    return v && std::string(v) == "cpu";
}

std::shared_ptr<ComputeDevice> model_device() {
    static std::shared_ptr<ComputeDevice> d =
        testing_cpu_backend() ? engine().open("cpu") : engine().open("vulkan");
    return d;
}

vk::Device& device() {
    return EngineInternals::device(gpu());
}

double logit_bound(TensorType weights, double exact_bound) {
    const bool quantized = weights == TensorType::Q4_0 || weights == TensorType::Q8_0;
    return testing_cpu_backend() && quantized ? std::max(exact_bound, 3e-2) : exact_bound;
}

uint64_t validation_errors() {
    return vk::validation_error_count();
}

} // namespace glm::test
