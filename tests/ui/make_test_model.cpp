// glm-make-test-model OUT.gguf [glm1|glm3]: writes the tiny random chat model of
// tests/support/golden_models.h, for the end-to-end test and for trying glm-chat by hand.
#include "golden_models.h"

#include <cstdio>
#include <exception>
#include <string>

int main(int argc, char** argv) {
    if (argc < 2 || argc > 3) {
        std::fprintf(stderr, "usage: %s OUT.gguf [glm1|glm3]\n", argv[0]);
        return 2;
    }
    const std::string generation = argc == 3 ? argv[2] : "glm3";
    if (generation != "glm1" && generation != "glm3") {
        std::fprintf(stderr, "generation must be glm1 or glm3, not %s\n", generation.c_str());
        return 2;
    }
    try {
        glm::test::write_chat_test_model(generation, argv[1]);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
    return 0;
}
