# The app-wide pieces of the core (app/core/common): settings, launch options, and one glm-chat
# per data folder (the second launch hands over to the first).
glm_add_test(tst_app_settings SOURCES app/tst_app_settings.cpp LIBS glm_app_core LABELS app)
glm_add_test(tst_launch_options SOURCES app/tst_launch_options.cpp LIBS glm_app_core LABELS app)
glm_add_test(tst_single_instance SOURCES app/tst_single_instance.cpp LIBS glm_app_core Qt6::Concurrent
             LABELS app)
# The last log lines kept for "Copy diagnostics" (bounded, chained, safe from any thread).
glm_add_test(tst_log_ring SOURCES app/tst_log_ring.cpp LIBS glm_app_core LABELS app)
