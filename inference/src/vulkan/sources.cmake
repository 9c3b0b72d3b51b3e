target_sources(inference PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/vulkan_api.cpp
    ${CMAKE_CURRENT_LIST_DIR}/vulkan_error.cpp
    ${CMAKE_CURRENT_LIST_DIR}/instance.cpp
    ${CMAKE_CURRENT_LIST_DIR}/device_info.cpp
    ${CMAKE_CURRENT_LIST_DIR}/device.cpp
    ${CMAKE_CURRENT_LIST_DIR}/memory.cpp
    ${CMAKE_CURRENT_LIST_DIR}/pipeline.cpp
    ${CMAKE_CURRENT_LIST_DIR}/command_recorder.cpp
    ${CMAKE_CURRENT_LIST_DIR}/texel_view.cpp)
