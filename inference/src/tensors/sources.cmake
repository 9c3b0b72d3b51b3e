# Model tensors on the device (matrices, vectors, their row orders): below both the kernels that
# read them and the models that load them.
target_sources(inference PRIVATE ${CMAKE_CURRENT_LIST_DIR}/device_tensors.cpp)
