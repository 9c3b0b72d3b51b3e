# glm-cli convert and info (the converter's command line), run as a program.
glm_add_test(tst_cli_convert SOURCES cli/tst_cli_convert.cpp LABELS convert)
target_compile_definitions(tst_cli_convert PRIVATE GLM_CLI="$<TARGET_FILE:glm-cli>")
add_dependencies(tst_cli_convert glm-cli)
