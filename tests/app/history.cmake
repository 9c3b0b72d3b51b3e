# Conversation history (app/core/history): the store, its migrations, crash safety, bad input, export.
glm_add_test(tst_conversation_store SOURCES app/tst_conversation_store.cpp LIBS glm_app_core LABELS history)
glm_add_test(tst_store_migrations SOURCES app/tst_store_migrations.cpp LIBS glm_app_core LABELS history)
glm_add_test(tst_store_recovery SOURCES app/tst_store_recovery.cpp LIBS glm_app_core LABELS history)

# The crash test kills this writer with SIGKILL in the middle of a streaming reply.
add_executable(store_crash_writer app/store_crash_writer.cpp)
target_link_libraries(store_crash_writer PRIVATE glm_app_core glm_warnings)
glm_add_test(tst_store_crash SOURCES app/tst_store_crash.cpp LIBS glm_app_core LABELS history TIMEOUT 180)
target_compile_definitions(tst_store_crash PRIVATE STORE_CRASH_WRITER="$<TARGET_FILE:store_crash_writer>")
add_dependencies(tst_store_crash store_crash_writer)
glm_add_test(tst_conversation_export SOURCES app/tst_conversation_export.cpp LIBS glm_app_core LABELS history)

# Benchmark at scale (10,000 x 20 by default: bench_store --help). ctest runs it small, only to
# keep it working; its figures come from a manual run.
add_executable(bench_store app/bench_store.cpp)
target_link_libraries(bench_store PRIVATE glm_ui glm_app_core glm_warnings)
add_test(NAME bench_store_smoke COMMAND bench_store --conversations 300 --messages 6 --runs 2)
set_tests_properties(bench_store_smoke PROPERTIES LABELS "bench;history" ENVIRONMENT "QT_QPA_PLATFORM=offscreen")
glm_add_test(tst_message_search SOURCES app/tst_message_search.cpp LIBS glm_app_core LABELS history)
