# The app's side of the engine (app/core/inference): the worker thread that runs it, stopping a
# job, and the pacing of streamed text.
glm_add_test(tst_token_coalescer SOURCES app/tst_token_coalescer.cpp LIBS glm_app_core LABELS app)
glm_add_test(tst_job_cancellation SOURCES app/tst_job_cancellation.cpp LIBS glm_app_core LABELS app)
glm_add_test(tst_inference_worker SOURCES app/tst_inference_worker.cpp LIBS glm_app_core LABELS app vulkan
             TIMEOUT 600)
glm_add_test(tst_thinking_parser SOURCES app/tst_thinking_parser.cpp LIBS glm_app_core LABELS app)
