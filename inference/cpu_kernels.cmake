# The CPU backend's kernel layer as a library of its own: ISA detection, the thread pool, the
# matrix products, and the weight block formats they read (quant/quantize.cpp). It needs nothing
# but the C++ library and threads (no Vulkan, Qt or sentencepiece), so it also builds alone for
# other CPUs with its test (GLM_CPU_KERNELS_ONLY, scripts/cross-test-aarch64.sh).
#
# The vector kernels are compiled with their ISA's flags per file, and only those files: the rest
# runs on any CPU of the architecture, and matmul.cpp calls a path only where the CPU allows it.
set(_glm_cpu ${CMAKE_CURRENT_LIST_DIR}/src/cpu)
add_library(inference_cpu_kernels STATIC
    ${_glm_cpu}/isa.cpp
    ${_glm_cpu}/thread_pool.cpp
    ${_glm_cpu}/matmul.cpp
    ${_glm_cpu}/matmul_scalar.cpp
    ${CMAKE_CURRENT_LIST_DIR}/src/quant/quantize.cpp)
target_include_directories(inference_cpu_kernels
    PUBLIC ${CMAKE_CURRENT_LIST_DIR}/include ${CMAKE_CURRENT_LIST_DIR}/src)
target_link_libraries(inference_cpu_kernels PUBLIC Threads::Threads PRIVATE glm_warnings)
set_target_properties(inference_cpu_kernels PROPERTIES POSITION_INDEPENDENT_CODE ON
                      AUTOMOC OFF AUTOUIC OFF AUTORCC OFF)

if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$" AND NOT MSVC)
    set(_glm_cpu_x86 ${_glm_cpu}/matmul_avx2.cpp
                     ${_glm_cpu}/matmul_avxvnni.cpp
                     ${_glm_cpu}/matmul_avx512.cpp
                     ${_glm_cpu}/matmul_avx512vnni.cpp)
    target_sources(inference_cpu_kernels PRIVATE ${_glm_cpu_x86})
    set_source_files_properties(${_glm_cpu}/matmul_avx2.cpp
        PROPERTIES COMPILE_OPTIONS "-mavx2;-mfma;-mf16c")
    set_source_files_properties(${_glm_cpu}/matmul_avxvnni.cpp
        PROPERTIES COMPILE_OPTIONS "-mavx2;-mfma;-mf16c;-mavxvnni")
    set_source_files_properties(${_glm_cpu}/matmul_avx512.cpp
        PROPERTIES COMPILE_OPTIONS "-mavx512f;-mavx512bw;-mavx512vl;-mfma;-mf16c")
    set_source_files_properties(${_glm_cpu}/matmul_avx512vnni.cpp
        PROPERTIES COMPILE_OPTIONS "-mavx512f;-mavx512bw;-mavx512vl;-mavx512vnni;-mfma;-mf16c")
    target_compile_definitions(inference_cpu_kernels PRIVATE GLM_CPU_X86_KERNELS=1)
endif()

# ARM64: NEON with the dot-product extension (ARMv8.2+), used only where the CPU reports it
# (isa.cpp, HWCAP_ASIMDDP); the rest of the library stays baseline ARMv8-A.
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64|ARM64)$" AND NOT MSVC)
    target_sources(inference_cpu_kernels PRIVATE ${_glm_cpu}/matmul_neon.cpp)
    set_source_files_properties(${_glm_cpu}/matmul_neon.cpp
        PROPERTIES COMPILE_OPTIONS "-march=armv8.2-a+dotprod")
    target_compile_definitions(inference_cpu_kernels PRIVATE GLM_CPU_NEON_KERNELS=1)
    # GCC fuses a·b + c into one multiply-add by default where the baseline ISA has it (ARM64,
    # not x86-64): the scalar activation quantizer rounds with (x · (1 / scale) + 1.5·2²³), which
    # must see the rounded product as the vector paths do, or its bytes differ from theirs.
    set_source_files_properties(${_glm_cpu}/matmul_scalar.cpp
        PROPERTIES COMPILE_OPTIONS "-ffp-contract=off")
endif()
