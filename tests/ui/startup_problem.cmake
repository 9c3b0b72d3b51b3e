# The window glm-chat shows when it cannot start (data folder not writable, another instance
# holds the folder and does not answer).
glm_add_test(tst_startup_problem SOURCES ui/tst_startup_problem.cpp ui/window_test_support.h
             LIBS glm_chat_app glm_ui glm_uiplugin Qt6::Quick GUI LABELS ui)
