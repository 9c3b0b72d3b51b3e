target_sources(inference PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/model_config.cpp)
