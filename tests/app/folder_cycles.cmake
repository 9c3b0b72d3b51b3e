# The feature folders of app/core include each other without cycles (see
# scripts/check-folder-cycles.py; it names the include lines of a cycle).
add_test(NAME app_core_folder_cycles
         COMMAND python3 ${PROJECT_SOURCE_DIR}/scripts/check-folder-cycles.py
                 ${PROJECT_SOURCE_DIR}/app/core)
