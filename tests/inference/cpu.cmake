# The CPU backend's kernels on every ISA path this machine can run (no Vulkan needed).
glm_add_test(tst_cpu_kernels SOURCES inference/tst_cpu_kernels.cpp LABELS cpu)
