# The CPU backend on top of its kernel layer (inference_cpu_kernels, ../../cpu_kernels.cmake): the
# device, the model in RAM and its forward pass.
target_sources(inference PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/cpu_device.cpp
    ${CMAKE_CURRENT_LIST_DIR}/cpu_model_loader.cpp
    ${CMAKE_CURRENT_LIST_DIR}/cpu_pass_runner.cpp
    ${CMAKE_CURRENT_LIST_DIR}/ops.cpp)
