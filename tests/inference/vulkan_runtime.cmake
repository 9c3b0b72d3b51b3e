# Engine tests (Vulkan on lavapipe with validation, CPU references).
glm_add_test(tst_vulkan_runtime SOURCES inference/tst_vulkan_runtime.cpp LABELS vulkan)
glm_add_test(tst_device_choice SOURCES inference/tst_device_choice.cpp)
# The matrix kernels' shared interface (shaders/matmul_interface.h) against every compiled module.
glm_add_test(tst_kernel_interface SOURCES inference/tst_kernel_interface.cpp
             inference/spirv_reflection.cpp inference/spirv_reflection.h)
