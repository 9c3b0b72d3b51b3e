# Tokenizer fuzzing: the tiktoken rank-file parser and encode/decode/streaming round trips.
# tests/CMakeLists.txt's */*.cmake glob also reads this file in normal builds, where there are no
# fuzzers: hence the guard.
if(COMMAND glm_add_fuzzer)
    glm_add_fuzzer(tokenizer fuzz_tokenizer.cpp)
endif()
