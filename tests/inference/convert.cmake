# The Hugging Face checkpoint -> GGUF converter (docs/convert.md). Fixtures: tests/data/checkpoints.
glm_add_test(tst_checkpoint_readers SOURCES inference/tst_checkpoint_readers.cpp LIBS ZLIB::ZLIB LABELS convert)
glm_add_test(tst_convert SOURCES inference/tst_convert.cpp LIBS ZLIB::ZLIB LABELS convert)
glm_add_test(tst_convert_errors SOURCES inference/tst_convert_errors.cpp LIBS ZLIB::ZLIB LABELS convert)
glm_add_test(tst_convert_transformers SOURCES inference/tst_convert_transformers.cpp
             inference/tokenizer_json_builder.cpp inference/tokenizer_test_util.cpp
             LIBS ZLIB::ZLIB LABELS convert)
