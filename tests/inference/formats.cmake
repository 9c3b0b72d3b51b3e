glm_add_test(tst_quantize SOURCES inference/tst_quantize.cpp)
glm_add_test(tst_gguf SOURCES inference/tst_gguf.cpp)
