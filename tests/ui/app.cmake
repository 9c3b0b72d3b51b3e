# The chat window: its view models, the QML window itself, and the tools that drive it (the
# core's own tests are in tests/app, the real glm-chat binary end to end in tests/e2e).
glm_add_test(tst_markdown_segmenter SOURCES ui/tst_markdown_segmenter.cpp LIBS glm_ui LABELS ui)
glm_add_test(tst_view_models SOURCES ui/tst_view_models.cpp LIBS glm_ui LABELS ui)

# A tiny chat model for the end-to-end test and for trying glm-chat by hand.
add_executable(glm-make-test-model ui/make_test_model.cpp)
target_link_libraries(glm-make-test-model PRIVATE glm_test_support glm_warnings)
glm_sanitizer_support(glm-make-test-model)
target_compile_definitions(glm-make-test-model PRIVATE GLM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")

glm_add_test(tst_chat_window SOURCES ui/tst_chat_window.cpp ui/window_test_support.h
             LIBS glm_chat_app glm_ui glm_uiplugin Qt6::Quick GUI LABELS ui vulkan TIMEOUT 600)

# The README's screenshots: `build/tests/glm-chat-screenshots docs/screenshots`.
add_executable(glm-chat-screenshots ui/make_screenshots.cpp ui/screenshot_conversations.h)
target_link_libraries(glm-chat-screenshots PRIVATE glm_chat_app glm_ui glm_uiplugin glm_test_support
                      Qt6::Quick Qt6::Test glm_warnings)
target_compile_definitions(glm-chat-screenshots PRIVATE GLM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
glm_sanitizer_support(glm-chat-screenshots)

# How messages are drawn in the chat view: HTML-looking text, images, long messages.
glm_add_test(tst_chat_rendering SOURCES ui/tst_chat_rendering.cpp ui/window_test_support.h
             LIBS glm_chat_app glm_ui glm_uiplugin Qt6::Quick Qt6::Network GUI LABELS ui TIMEOUT 300)
