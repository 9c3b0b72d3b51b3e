# glm-cli download, end to end against a local HTTP server inside the test
# (tests/support/fake_hf_server), so it needs nothing but 127.0.0.1.
glm_add_test(tst_cli_download SOURCES cli/tst_cli_download.cpp support/fake_hf_server.cpp
             support/fake_hf_server.h support/download_test_support.h LIBS glm_app_core TIMEOUT 120)
add_dependencies(tst_cli_download glm-cli)
target_compile_definitions(tst_cli_download PRIVATE GLM_CLI_PATH="$<TARGET_FILE:glm-cli>")
