# Model manager view models and dialog, against the in-test HTTP server (tests/support).
set(_glm_ui_model_test_support support/fake_hf_server.cpp support/fake_hf_server.h
    support/download_test_support.h support/tiny_catalog.h)

glm_add_test(tst_model_manager_models SOURCES ui/tst_model_manager_models.cpp ${_glm_ui_model_test_support}
             LIBS glm_ui Qt6::Quick TIMEOUT 120)

glm_add_test(tst_model_manager_dialog SOURCES ui/tst_model_manager_dialog.cpp ${_glm_ui_model_test_support}
             LIBS glm_ui glm_uiplugin Qt6::Quick Qt6::QuickControls2 GUI TIMEOUT 180)

# The same dialog test in Qt Quick Controls' Basic style as well: its sizing shows binding loops
# that Fusion's (the app's style unless QT_QUICK_CONTROLS_STYLE says otherwise) can hide.
add_test(NAME tst_model_manager_dialog_basic_style COMMAND tst_model_manager_dialog)
get_test_property(tst_model_manager_dialog ENVIRONMENT _glm_dialog_env)
set_tests_properties(tst_model_manager_dialog_basic_style PROPERTIES
                     ENVIRONMENT "${_glm_dialog_env};QT_QUICK_CONTROLS_STYLE=Basic" TIMEOUT 180)
