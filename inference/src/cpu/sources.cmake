# The CPU backend's kernel layer: ISA detection, the thread pool, the matrix products.
# The x86 kernels are compiled with their ISA's flags per file, and only those files: the rest of
# the engine runs on any x86-64 CPU and matmul.cpp calls a path only where CPUID allows it.
set(_glm_cpu_sources
    ${CMAKE_CURRENT_LIST_DIR}/isa.cpp
    ${CMAKE_CURRENT_LIST_DIR}/thread_pool.cpp
    ${CMAKE_CURRENT_LIST_DIR}/matmul.cpp
    ${CMAKE_CURRENT_LIST_DIR}/matmul_scalar.cpp)
target_sources(inference PRIVATE ${_glm_cpu_sources})

if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$" AND NOT MSVC)
    set(_glm_cpu_x86 ${CMAKE_CURRENT_LIST_DIR}/matmul_avx2.cpp
                     ${CMAKE_CURRENT_LIST_DIR}/matmul_avxvnni.cpp
                     ${CMAKE_CURRENT_LIST_DIR}/matmul_avx512.cpp
                     ${CMAKE_CURRENT_LIST_DIR}/matmul_avx512vnni.cpp)
    target_sources(inference PRIVATE ${_glm_cpu_x86})
    set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/matmul_avx2.cpp
        PROPERTIES COMPILE_OPTIONS "-mavx2;-mfma;-mf16c")
    set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/matmul_avxvnni.cpp
        PROPERTIES COMPILE_OPTIONS "-mavx2;-mfma;-mf16c;-mavxvnni")
    set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/matmul_avx512.cpp
        PROPERTIES COMPILE_OPTIONS "-mavx512f;-mavx512bw;-mavx512vl;-mfma;-mf16c")
    set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/matmul_avx512vnni.cpp
        PROPERTIES COMPILE_OPTIONS "-mavx512f;-mavx512bw;-mavx512vl;-mavx512vnni;-mfma;-mf16c")
    set_source_files_properties(${_glm_cpu_sources} ${_glm_cpu_x86}
        PROPERTIES COMPILE_DEFINITIONS GLM_CPU_X86_KERNELS=1)
endif()

# The CPU backend on top of them: the device, the model in RAM and its forward pass.
target_sources(inference PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/cpu_device.cpp
    ${CMAKE_CURRENT_LIST_DIR}/cpu_model_loader.cpp
    ${CMAKE_CURRENT_LIST_DIR}/cpu_pass_runner.cpp
    ${CMAKE_CURRENT_LIST_DIR}/ops.cpp)
