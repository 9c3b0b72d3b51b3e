# Conversation history (issue 7): the store, its migrations, crash safety, bad input, export.
glm_add_test(tst_conversation_store SOURCES app/tst_conversation_store.cpp LIBS glm_app_core LABELS history)
