target_sources(inference PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/kernel_config.cpp
    ${CMAKE_CURRENT_LIST_DIR}/matmul_kernel.cpp
    ${CMAKE_CURRENT_LIST_DIR}/norm_kernel.cpp
    ${CMAKE_CURRENT_LIST_DIR}/embed_kernel.cpp
    ${CMAKE_CURRENT_LIST_DIR}/rope_kv_kernel.cpp
    ${CMAKE_CURRENT_LIST_DIR}/attention_kernel.cpp
    ${CMAKE_CURRENT_LIST_DIR}/swiglu_kernel.cpp
    ${CMAKE_CURRENT_LIST_DIR}/argmax_kernel.cpp
    ${CMAKE_CURRENT_LIST_DIR}/sample_kernel.cpp)
