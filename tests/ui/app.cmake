# The desktop app (issue 6): view models, settings, the inference worker, the QML window, and
# the real glm-chat binary end to end (tests/e2e).
glm_add_test(tst_markdown_segmenter SOURCES ui/tst_markdown_segmenter.cpp LIBS glm_ui LABELS ui)
