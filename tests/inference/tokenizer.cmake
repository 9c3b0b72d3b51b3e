# Tokenizers, chat formats and the streaming detokenizer (issue 5). The SentencePiece tests compare
# with libsentencepiece directly and train small models with its trainer.
set(_glm_tok_util inference/tokenizer_test_util.cpp)
glm_add_test(tst_tokenizer_spm SOURCES inference/tst_tokenizer_spm.cpp ${_glm_tok_util}
             LIBS PkgConfig::SENTENCEPIECE LABELS tokenizer)
