# The engine's source folders include each other without cycles (each can be read, built and
# replaced apart from those above it); the check prints the file and line of every edge of a cycle.
add_test(NAME inference_folder_cycles
         COMMAND python3 ${PROJECT_SOURCE_DIR}/scripts/check-folder-cycles.py
                 ${PROJECT_SOURCE_DIR}/inference/src)
