# quantize.cpp (the block formats) is built into inference_cpu_kernels (../../cpu_kernels.cmake):
# the CPU kernels read those formats and build without the rest of the engine.
target_sources(inference PRIVATE ${CMAKE_CURRENT_LIST_DIR}/official_quant.cpp)
target_sources(inference PRIVATE ${CMAKE_CURRENT_LIST_DIR}/fp16_rows.cpp)
