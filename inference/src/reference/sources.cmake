# The test oracle: the forward pass in plain C++, written from the architecture description and
# independent of the kernels. Tests link it (through inference_internal); the engine that ships
# does not contain it.
add_library(inference_reference STATIC
    ${CMAKE_CURRENT_LIST_DIR}/ops.cpp
    ${CMAKE_CURRENT_LIST_DIR}/reference_model.cpp)
target_include_directories(inference_reference PUBLIC ${CMAKE_CURRENT_LIST_DIR}/..)
target_link_libraries(inference_reference PUBLIC inference PRIVATE glm_warnings)
set_target_properties(inference_reference PROPERTIES AUTOMOC OFF AUTOUIC OFF AUTORCC OFF)
