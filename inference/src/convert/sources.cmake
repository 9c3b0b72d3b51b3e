target_sources(inference PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/hf_config.cpp
    ${CMAKE_CURRENT_LIST_DIR}/checkpoint_files.cpp
    ${CMAKE_CURRENT_LIST_DIR}/tensor_plan.cpp
    ${CMAKE_CURRENT_LIST_DIR}/tensor_stream.cpp
    ${CMAKE_CURRENT_LIST_DIR}/worker_pool.cpp
    ${CMAKE_CURRENT_LIST_DIR}/converter.cpp)
