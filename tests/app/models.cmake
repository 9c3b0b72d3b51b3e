# Model catalogue, requirements, downloads and library (app/core/library, app/core/downloads).
# The download tests run a local HTTP server inside the test (tests/support/fake_hf_server), so
# they need nothing but 127.0.0.1.
set(_glm_fake_server support/fake_hf_server.cpp support/fake_hf_server.h support/download_test_support.h)

glm_add_test(tst_model_requirements SOURCES app/tst_model_requirements.cpp LIBS glm_app_core)
glm_add_test(tst_model_catalog SOURCES app/tst_model_catalog.cpp LIBS glm_app_core)
target_compile_definitions(tst_model_catalog PRIVATE GLM_MODELS_JSON="${PROJECT_SOURCE_DIR}/resources/models.json")
glm_add_test(tst_hf_endpoint SOURCES app/tst_hf_endpoint.cpp LIBS glm_app_core)
glm_add_test(tst_download_task SOURCES app/tst_download_task.cpp ${_glm_fake_server} LIBS glm_app_core TIMEOUT 240)
glm_add_test(tst_download_manager SOURCES app/tst_download_manager.cpp ${_glm_fake_server} LIBS glm_app_core TIMEOUT 240)
glm_add_test(tst_model_library SOURCES app/tst_model_library.cpp LIBS glm_app_core)
