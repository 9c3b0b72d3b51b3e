# glm-cli generate, chat, logits, bench, devices and its errors, run as a program on the golden models.
glm_add_test(tst_cli_engine SOURCES cli/tst_cli_engine.cpp LIBS glm_app_core LABELS vulkan)
target_compile_definitions(tst_cli_engine PRIVATE GLM_CLI_PATH="$<TARGET_FILE:glm-cli>")
add_dependencies(tst_cli_engine glm-cli)
