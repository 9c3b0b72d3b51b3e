# Fuzzers of the converter's checkpoint readers (pickle, zip, safetensors) and of the GGUF reader.
# tests/CMakeLists.txt's */*.cmake glob also includes this file in the normal test build, where
# glm_add_fuzzer does not exist: only act inside tests/fuzz (-DGLM_FUZZ=ON).
if(NOT COMMAND glm_add_fuzzer)
    return()
endif()
glm_add_fuzzer(pickle ${CMAKE_CURRENT_LIST_DIR}/fuzz_pickle.cpp)
glm_add_fuzzer(zip ${CMAKE_CURRENT_LIST_DIR}/fuzz_zip.cpp)
glm_add_fuzzer(safetensors ${CMAKE_CURRENT_LIST_DIR}/fuzz_safetensors.cpp)
glm_add_fuzzer(gguf ${CMAKE_CURRENT_LIST_DIR}/fuzz_gguf.cpp)
