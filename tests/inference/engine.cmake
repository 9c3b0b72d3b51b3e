glm_add_test(tst_reference_model SOURCES inference/tst_reference_model.cpp)
glm_add_test(tst_kernels SOURCES inference/tst_kernels.cpp LABELS vulkan)
glm_add_test(tst_conformance SOURCES inference/tst_conformance.cpp LABELS vulkan)
glm_add_test(tst_engine_models SOURCES inference/tst_engine_models.cpp LABELS vulkan)
glm_add_test(tst_engine_errors SOURCES inference/tst_engine_errors.cpp LABELS vulkan)
glm_add_test(tst_sampling SOURCES inference/tst_sampling.cpp LABELS vulkan)
# The official goldens again through the kernels a GPU gets (coalesced mat-vec, tiled mat-mat with
# SwiGLU as its own pass for every prompt of more than one token, storage-buffer attention), with
# the norms fused into the mat-vec kernels (off by default, see KernelConfig::fuse_norm): lavapipe
# would pick the CPU-driver kernels.
add_test(NAME tst_conformance_gpu_kernels COMMAND tst_conformance)
get_test_property(tst_conformance ENVIRONMENT _glm_conformance_env)
set_tests_properties(tst_conformance_gpu_kernels PROPERTIES
    ENVIRONMENT "${_glm_conformance_env};GLM_KERNEL_CONFIG=matvec_rows_per_lane=0,texel_attention=0,matvec_max_cols=1,fuse_norm=1"
    LABELS vulkan)
# The quantized goldens with prefill on the cooperative-matrix kernel, its matrix operations
# emulated (the real ones need NVIDIA hardware; tst_kernels runs them where it is there).
add_test(NAME tst_conformance_coopmat_emulated COMMAND tst_conformance quantizedGoldenWithinBounds)
set_tests_properties(tst_conformance_coopmat_emulated PROPERTIES
    ENVIRONMENT "${_glm_conformance_env};GLM_KERNEL_CONFIG=matvec_rows_per_lane=0,texel_attention=0,matvec_max_cols=1,cooperative_matrix=1,cooperative_matrix_emulated=16"
    LABELS vulkan)
glm_add_test(tst_engine_transformers SOURCES inference/tst_engine_transformers.cpp inference/tokenizer_json_builder.cpp inference/tokenizer_test_util.cpp LABELS vulkan)
# The model tests again on the CPU backend (the same checks, the same bounds as the Vulkan engine).
foreach(_glm_model_test tst_engine_models tst_conformance tst_sampling tst_engine_errors tst_engine_transformers)
    add_test(NAME ${_glm_model_test}_cpu COMMAND ${_glm_model_test})
    get_test_property(${_glm_model_test} ENVIRONMENT _glm_model_test_env)
    set_tests_properties(${_glm_model_test}_cpu PROPERTIES
        ENVIRONMENT "${_glm_model_test_env};GLM_TEST_BACKEND=cpu" LABELS cpu)
endforeach()
# ... and on the lower instruction sets the CPU backend falls back to (GLM_CPU_ISA lowers it;
# tst_cpu_kernels covers every level's kernels, these the whole models on them).
foreach(_glm_isa scalar avx2)
    foreach(_glm_model_test tst_engine_models tst_conformance)
        add_test(NAME ${_glm_model_test}_cpu_${_glm_isa} COMMAND ${_glm_model_test})
        get_test_property(${_glm_model_test} ENVIRONMENT _glm_model_test_env)
        set_tests_properties(${_glm_model_test}_cpu_${_glm_isa} PROPERTIES
            ENVIRONMENT "${_glm_model_test_env};GLM_TEST_BACKEND=cpu;GLM_CPU_ISA=${_glm_isa}"
            LABELS cpu-isa)
    endforeach()
endforeach()
