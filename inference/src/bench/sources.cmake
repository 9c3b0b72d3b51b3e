target_sources(inference PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/bench_util.cpp
    ${CMAKE_CURRENT_LIST_DIR}/kernel_bench.cpp
    ${CMAKE_CURRENT_LIST_DIR}/model_bench.cpp)
