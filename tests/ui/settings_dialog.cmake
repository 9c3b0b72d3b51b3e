# The settings dialog in the real window (model settings, theme and language while open).
glm_add_test(tst_settings_dialog SOURCES ui/tst_settings_dialog.cpp ui/window_test_support.h
             LIBS glm_chat_app glm_ui glm_uiplugin Qt6::Quick GUI LABELS ui vulkan TIMEOUT 300)
