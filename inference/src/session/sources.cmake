target_sources(inference PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/kv_cache.cpp
    ${CMAKE_CURRENT_LIST_DIR}/sampler.cpp
    ${CMAKE_CURRENT_LIST_DIR}/session.cpp)
