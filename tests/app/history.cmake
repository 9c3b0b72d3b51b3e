# Conversation history (issue 7): the store, its migrations, crash safety, bad input, export.
glm_add_test(tst_conversation_store SOURCES app/tst_conversation_store.cpp LIBS glm_app_core LABELS history)
glm_add_test(tst_store_migrations SOURCES app/tst_store_migrations.cpp LIBS glm_app_core LABELS history)
glm_add_test(tst_store_recovery SOURCES app/tst_store_recovery.cpp LIBS glm_app_core LABELS history)
