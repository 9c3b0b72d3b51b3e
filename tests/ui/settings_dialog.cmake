# The settings dialog in the real window (model settings, theme and language while open).
glm_add_test(tst_settings_dialog SOURCES ui/tst_settings_dialog.cpp ui/window_test_support.h
             LIBS glm_chat_app glm_ui glm_uiplugin Qt6::Quick GUI LABELS ui vulkan TIMEOUT 300)

# Notices written again in the new language when it changes.
glm_add_test(tst_translated_notice SOURCES ui/tst_translated_notice.cpp LIBS glm_ui LABELS ui)
