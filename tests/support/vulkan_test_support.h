// Shared by the Vulkan tests: one engine + device per test process (creating a device on
// lavapipe with validation takes a while), and the validation-error check every test ends with.
#pragma once

#include "engine_internals.h"
#include "glm/engine.h"
#include "vulkan/device.h"

#include <cstdint>

namespace glm::test {

Engine& engine();
GpuDevice& gpu();
vk::Device& device();

// Number of Vulkan validation errors so far in this process.
uint64_t validation_errors();

} // namespace glm::test

// Use in cleanup() of every Vulkan test class: any validation error fails the test that caused it.
#define GLM_VERIFY_NO_VALIDATION_ERRORS() QCOMPARE(glm::test::validation_errors(), uint64_t(0))
