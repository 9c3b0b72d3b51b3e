glm_add_test(tst_quantize_job SOURCES app/tst_quantize_job.cpp LIBS glm_app_core glm_ui)
