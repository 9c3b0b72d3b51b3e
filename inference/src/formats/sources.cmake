target_sources(inference PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/mapped_file.cpp
    ${CMAKE_CURRENT_LIST_DIR}/gguf_reader.cpp
    ${CMAKE_CURRENT_LIST_DIR}/gguf_writer.cpp)
target_sources(inference PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/source_tensor.cpp
    ${CMAKE_CURRENT_LIST_DIR}/zip_archive.cpp
    ${CMAKE_CURRENT_LIST_DIR}/pickle_machine.cpp
    ${CMAKE_CURRENT_LIST_DIR}/pickle_reader.cpp
    ${CMAKE_CURRENT_LIST_DIR}/torch_checkpoint.cpp
    ${CMAKE_CURRENT_LIST_DIR}/strict_json.cpp
    ${CMAKE_CURRENT_LIST_DIR}/safetensors.cpp)
