target_sources(inference PRIVATE ${CMAKE_CURRENT_LIST_DIR}/quantize.cpp)
target_sources(inference PRIVATE ${CMAKE_CURRENT_LIST_DIR}/official_quant.cpp)
target_sources(inference PRIVATE ${CMAKE_CURRENT_LIST_DIR}/fp16_rows.cpp)
