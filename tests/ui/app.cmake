# The desktop app (issue 6): view models, settings, the inference worker, the QML window, and
# the real glm-chat binary end to end (tests/e2e).
glm_add_test(tst_markdown_segmenter SOURCES ui/tst_markdown_segmenter.cpp LIBS glm_ui LABELS ui)
glm_add_test(tst_token_coalescer SOURCES ui/tst_token_coalescer.cpp LIBS glm_app_core LABELS ui)
glm_add_test(tst_job_cancellation SOURCES ui/tst_job_cancellation.cpp LIBS glm_app_core LABELS ui)
glm_add_test(tst_app_settings SOURCES ui/tst_app_settings.cpp LIBS glm_app_core LABELS ui)
glm_add_test(tst_launch_options SOURCES ui/tst_launch_options.cpp LIBS glm_app_core LABELS ui)
glm_add_test(tst_view_models SOURCES ui/tst_view_models.cpp LIBS glm_ui LABELS ui)
glm_add_test(tst_inference_worker SOURCES ui/tst_inference_worker.cpp LIBS glm_app_core LABELS ui vulkan
             TIMEOUT 600)

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

# How messages are drawn in the chat view (issue 22): HTML-looking text, images, long messages.
glm_add_test(tst_chat_rendering SOURCES ui/tst_chat_rendering.cpp ui/window_test_support.h
             LIBS glm_chat_app glm_ui glm_uiplugin Qt6::Quick Qt6::Network GUI LABELS ui TIMEOUT 300)
