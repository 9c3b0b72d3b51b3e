# The CPU backend's kernels on every ISA path this machine can run. A plain program (no Qt, no
# Vulkan) so that it also builds for other CPUs and runs under their emulator: with a toolchain
# file that sets CMAKE_CROSSCOMPILING_EMULATOR, ctest runs it through qemu-user.
add_executable(tst_cpu_kernels ${CMAKE_CURRENT_LIST_DIR}/tst_cpu_kernels.cpp)
target_link_libraries(tst_cpu_kernels PRIVATE inference_cpu_kernels glm_warnings)
add_test(NAME tst_cpu_kernels COMMAND tst_cpu_kernels)
set_tests_properties(tst_cpu_kernels PROPERTIES LABELS cpu)
