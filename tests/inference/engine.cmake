glm_add_test(tst_reference_model SOURCES inference/tst_reference_model.cpp)
glm_add_test(tst_kernels SOURCES inference/tst_kernels.cpp LABELS vulkan)
glm_add_test(tst_conformance SOURCES inference/tst_conformance.cpp LABELS vulkan)
