target_sources(inference PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/ops.cpp
    ${CMAKE_CURRENT_LIST_DIR}/reference_model.cpp)
