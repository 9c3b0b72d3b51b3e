# Conversation history views: the sidebar and search models, and their QML views.
glm_add_test(tst_conversation_list_model SOURCES ui/tst_conversation_list_model.cpp LIBS glm_ui glm_app_core LABELS history)
glm_add_test(tst_search_model SOURCES ui/tst_search_model.cpp LIBS glm_ui glm_app_core LABELS history)
glm_add_test(tst_history_views SOURCES ui/tst_history_views.cpp LIBS glm_ui glm_uiplugin glm_app_core Qt6::Quick LABELS history GUI)
