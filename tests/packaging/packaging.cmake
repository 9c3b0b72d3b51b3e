# Packaging: the data-folder lookup (unit test) and the packages themselves (tst_package builds
# the .deb and .tar.gz, inspects, validates and runs them; see test_package.sh).
glm_add_test(tst_install_paths SOURCES packaging/tst_install_paths.cpp LIBS glm_app_core
             LABELS packaging)

add_test(NAME tst_package
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/test_package.sh ${CMAKE_BINARY_DIR}
                 ${PROJECT_SOURCE_DIR} ${PROJECT_VERSION})
# Not under sanitizers: a package of instrumented binaries is not a product, and it would depend
# on libasan. RUN_SERIAL: it drives the build system of this very build folder.
set_tests_properties(tst_package PROPERTIES LABELS "packaging;no-sanitizer" TIMEOUT 300
                     RUN_SERIAL ON ENVIRONMENT "QT_QPA_PLATFORM=offscreen")
