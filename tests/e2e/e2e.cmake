# The real glm-chat binary under Xvfb, end to end (skipped with a message when xvfb-run is
# missing). The screenshot it takes is kept in <build>/test-artifacts/.
glm_add_test(tst_e2e_chat SOURCES e2e/tst_e2e_chat.cpp LIBS glm_app_core Qt6::Gui
             LABELS e2e vulkan TIMEOUT 300)
target_compile_definitions(tst_e2e_chat PRIVATE GLM_CHAT_PATH="$<TARGET_FILE:glm-chat>"
                           GLM_TEST_ARTIFACTS_DIR="${CMAKE_BINARY_DIR}/test-artifacts")
add_dependencies(tst_e2e_chat glm-chat)
# The same chat with no Vulkan driver (the loader's driver list points nowhere): the app must
# start and answer on the CPU backend.
add_test(NAME tst_e2e_chat_no_vulkan COMMAND tst_e2e_chat sendAMessageAndFindItStored)
get_test_property(tst_e2e_chat ENVIRONMENT _glm_e2e_env)
list(REMOVE_ITEM _glm_e2e_env "GLM_VULKAN_VALIDATION=1")
set_tests_properties(tst_e2e_chat_no_vulkan PROPERTIES
    ENVIRONMENT "${_glm_e2e_env};VK_ICD_FILENAMES=/nonexistent/icd.json;VK_DRIVER_FILES=/nonexistent/icd.json;GLM_E2E_NAME=e2e-chat-no-vulkan"
    LABELS e2e TIMEOUT 300)
