# Tokenizers, chat formats and the streaming detokenizer (docs/tokenizers.md). The SentencePiece
# tests compare with libsentencepiece directly and train small models with its trainer.
set(_glm_tok_util inference/tokenizer_test_util.cpp)
glm_add_test(tst_tokenizer_spm SOURCES inference/tst_tokenizer_spm.cpp ${_glm_tok_util}
             LIBS PkgConfig::SENTENCEPIECE LABELS tokenizer)
glm_add_test(tst_tokenizer_bpe SOURCES inference/tst_tokenizer_bpe.cpp ${_glm_tok_util} LABELS tokenizer)
glm_add_test(tst_tokenizer_hf_json SOURCES inference/tst_tokenizer_hf_json.cpp
             inference/tokenizer_json_builder.cpp ${_glm_tok_util} LABELS tokenizer)
glm_add_test(tst_streaming_detokenizer SOURCES inference/tst_streaming_detokenizer.cpp ${_glm_tok_util} LABELS tokenizer)
glm_add_test(tst_chat_format SOURCES inference/tst_chat_format.cpp ${_glm_tok_util} LABELS tokenizer)
# Runs the reference vectors (docs/tokenizers.md#reference-vectors) when GLM_TOKENIZER_GLM1..4
# name the real tokenizer files; skips otherwise.
glm_add_test(tst_tokenizer_reference SOURCES inference/tst_tokenizer_reference.cpp
             inference/tokenizer_reference_vectors.cpp ${_glm_tok_util} LABELS tokenizer)
