target_sources(inference PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/architecture.cpp
    ${CMAKE_CURRENT_LIST_DIR}/device_model.cpp
    ${CMAKE_CURRENT_LIST_DIR}/model_config.cpp
    ${CMAKE_CURRENT_LIST_DIR}/positions.cpp
    ${CMAKE_CURRENT_LIST_DIR}/rope_table.cpp
    ${CMAKE_CURRENT_LIST_DIR}/model_loader.cpp
    ${CMAKE_CURRENT_LIST_DIR}/model_file.cpp
    ${CMAKE_CURRENT_LIST_DIR}/glm_graph.cpp
    ${CMAKE_CURRENT_LIST_DIR}/vulkan_pass_runner.cpp)
