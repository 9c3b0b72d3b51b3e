target_sources(inference PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/mapped_file.cpp
    ${CMAKE_CURRENT_LIST_DIR}/gguf_reader.cpp
    ${CMAKE_CURRENT_LIST_DIR}/gguf_writer.cpp)
