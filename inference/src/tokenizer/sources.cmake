# Tokenizers (SentencePiece for GLM1-3, tiktoken BPE or tokenizer.json for GLM4), chat formats, streaming detokenizer.
target_sources(inference PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/utf8.cpp
    ${CMAKE_CURRENT_LIST_DIR}/tokenizer.cpp
    ${CMAKE_CURRENT_LIST_DIR}/streaming_detokenizer.cpp
    ${CMAKE_CURRENT_LIST_DIR}/spm_proto.cpp
    ${CMAKE_CURRENT_LIST_DIR}/spm_tokenizer.cpp
    ${CMAKE_CURRENT_LIST_DIR}/glm1_text.cpp
    ${CMAKE_CURRENT_LIST_DIR}/glm1_tokenizer.cpp
    ${CMAKE_CURRENT_LIST_DIR}/glm23_tokenizer.cpp
    ${CMAKE_CURRENT_LIST_DIR}/tiktoken_ranks.cpp
    ${CMAKE_CURRENT_LIST_DIR}/bpe.cpp
    ${CMAKE_CURRENT_LIST_DIR}/regex_splitter.cpp
    ${CMAKE_CURRENT_LIST_DIR}/glm4_pretokenizer.cpp
    ${CMAKE_CURRENT_LIST_DIR}/glm4_tokenizer.cpp
    ${CMAKE_CURRENT_LIST_DIR}/hf_tokenizer_json.cpp
    ${CMAKE_CURRENT_LIST_DIR}/hf_bpe_tokenizer.cpp
    ${CMAKE_CURRENT_LIST_DIR}/chat_format.cpp
    ${CMAKE_CURRENT_LIST_DIR}/chat_glm12.cpp
    ${CMAKE_CURRENT_LIST_DIR}/chat_glm34.cpp
    ${CMAKE_CURRENT_LIST_DIR}/postprocess.cpp
    ${CMAKE_CURRENT_LIST_DIR}/model_tokenizer.cpp)
