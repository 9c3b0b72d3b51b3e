// Shared by the Vulkan tests: one engine + device per test process (creating a device on
// lavapipe with validation takes a while), and the validation-error check every test ends with.
#pragma once

#include "engine_internals.h"
#include "glm/engine.h"
#include "glm/tensor_type.h"
#include "vulkan/device.h"

#include <cstdint>
#include <memory>

namespace glm::test {

Engine& engine();
// The best Vulkan device (lavapipe here), for the tests of the Vulkan engine itself.
ComputeDevice& gpu();
vk::Device& device();
// The device the model tests (engine, conformance, sampling, errors) run on: the CPU backend
// when GLM_TEST_BACKEND=cpu (ctest runs them both ways), else the Vulkan device.
std::shared_ptr<ComputeDevice> model_device();
bool testing_cpu_backend();
// The relative logit error a model with `weights` meets on that device, given the bound of exact
// products. The CPU backend multiplies quantized weights with activations quantized to 8 bits per
// block of 32 (the integer dot products the fastest CPU engines use): about 1% relative error on
// the tests' random models (1.5e-2 at most measured), where the reference and the Vulkan kernels
// compute exact products. Each CPU kernel's arithmetic is checked exactly in tst_cpu_kernels.
double logit_bound(TensorType weights, double exact_bound);

// Number of Vulkan validation errors so far in this process.
uint64_t validation_errors();

} // namespace glm::test

// Use in cleanup() of every Vulkan test class: any validation error fails the test that caused it.
#define GLM_VERIFY_NO_VALIDATION_ERRORS() QCOMPARE(glm::test::validation_errors(), uint64_t(0))
