# The real glm-chat binary under Xvfb, end to end (skipped with a message when xvfb-run is
# missing). The screenshot it takes is kept in <build>/test-artifacts/.
glm_add_test(tst_e2e_chat SOURCES e2e/tst_e2e_chat.cpp LIBS glm_app_core Qt6::Gui
             LABELS e2e vulkan TIMEOUT 300)
target_compile_definitions(tst_e2e_chat PRIVATE GLM_CHAT_PATH="$<TARGET_FILE:glm-chat>"
                           GLM_TEST_ARTIFACTS_DIR="${CMAKE_BINARY_DIR}/test-artifacts")
add_dependencies(tst_e2e_chat glm-chat)
