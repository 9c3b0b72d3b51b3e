// The kernels' interfaces are declared once for the GLSL and the C++ (shaders/matmul_interface.h
// for the matrix kernels, shaders/push_constants.h for the others). This holds every compiled
// matvec/matmul module to the C++ side: each push-constant member at the offset the C++ struct
// gives it, the block no larger than the struct, every specialization constant at its declared id,
// every buffer at its declared binding. A shader that declares its own push block, id or binding
// (or a C++ struct that drifts from the GLSL one) fails here, naming the module and the member.
#include "matmul_interface.h"
#include "push_constants.h"
#include "spirv_reflection.h"
#include "vulkan/embedded_shaders.h"

#include <QTest>
#include <cstddef>
#include <map>
#include <string>
#include <vector>

using namespace glm;
using glm::shader::MatmulPush;

namespace {

#define GLM_PUSH_MEMBER(name)                                                                      \
    { #name, offsetof(MatmulPush, name) }
const std::map<std::string, uint32_t> push_members = {
    GLM_PUSH_MEMBER(K),          GLM_PUSH_MEMBER(rows),        GLM_PUSH_MEMBER(tokens),
    GLM_PUSH_MEMBER(row_offset), GLM_PUSH_MEMBER(x_offset),    GLM_PUSH_MEMBER(x_stride),
    GLM_PUSH_MEMBER(y_offset),   GLM_PUSH_MEMBER(y_stride),    GLM_PUSH_MEMBER(res_offset),
    GLM_PUSH_MEMBER(res_stride), GLM_PUSH_MEMBER(res_scale),   GLM_PUSH_MEMBER(heads),
    GLM_PUSH_MEMBER(kv_heads),   GLM_PUSH_MEMBER(head_dim),    GLM_PUSH_MEMBER(capacity),
    GLM_PUSH_MEMBER(rope_rows),  GLM_PUSH_MEMBER(first_token), GLM_PUSH_MEMBER(q_scale),
    GLM_PUSH_MEMBER(norm_eps),
};
#undef GLM_PUSH_MEMBER

// The constant each family names at a shared id; the epilogue's mean the same everywhere.
const std::map<std::string, uint32_t> spec_ids = {
    {"HAS_BIAS", MATMUL_ID_HAS_BIAS},
    {"ACTIVATION", MATMUL_ID_ACTIVATION},
    {"HAS_RESIDUAL", MATMUL_ID_HAS_RESIDUAL},
    {"SWIGLU", MATMUL_ID_SWIGLU},
    {"ROPE_KV", MATMUL_ID_ROPE_KV},
    {"KV_PAIR_WORDS", MATMUL_ID_KV_PAIR_WORDS},
    {"INPUT_NORM", MATMUL_ID_INPUT_NORM},
    {"ROWS", MATVEC_ID_ROWS},
    {"RPL", MATVEC_ROWS_ID_RPL},
    {"COLS", MATVEC_ID_COLS},
    {"MAX_SUBGROUPS", MATVEC_ID_MAX_SUBGROUPS},
    {"BM", MATMUL_ID_BM},
    {"BN", MATMUL_ID_BN},
    {"TM", MATMUL_ID_TM},
    {"TN", MATMUL_ID_TN},
};

// Buffers by block type name (texel buffers by variable name).
const std::map<std::string, uint32_t> bindings = {
    {"WeightData", MATMUL_BINDING_WEIGHTS},
    {"WeightData4", MATMUL_BINDING_WEIGHTS},
    {"WeightData64", MATMUL_BINDING_WEIGHTS},
    {"w_tex", MATMUL_BINDING_WEIGHTS},
    {"WeightScales", MATMUL_BINDING_SCALES},
    {"s_tex", MATMUL_BINDING_SCALES},
    {"X", MATMUL_BINDING_X},
    {"X64", MATMUL_BINDING_X},
    {"x_tex", MATMUL_BINDING_X},
    {"Y", MATMUL_BINDING_Y},
    {"Bias", MATMUL_BINDING_BIAS},
    {"Residual", MATMUL_BINDING_RESIDUAL},
    {"RopeTable", MATMUL_BINDING_ROPE},
    {"Step", MATMUL_BINDING_STEP},
    {"QOut", MATMUL_BINDING_Q},
    {"KCache", MATMUL_BINDING_K_CACHE},
    {"VCache", MATMUL_BINDING_V_CACHE},
    {"NormWeight", MATMUL_BINDING_NORM_WEIGHT},
    {"NormBias", MATMUL_BINDING_NORM_BIAS},
};

using Offsets = std::map<std::string, uint32_t>;
#define GLM_MEMBER(type, name)                                                                     \
    { #name, offsetof(shader::type, name) }
// norm.comp's two variants (LayerNorm, RMSNorm) share one block.
const Offsets norm_offsets = {GLM_MEMBER(NormPush, n),        GLM_MEMBER(NormPush, eps),
                              GLM_MEMBER(NormPush, x_offset), GLM_MEMBER(NormPush, x_stride),
                              GLM_MEMBER(NormPush, y_offset), GLM_MEMBER(NormPush, y_stride),
                              GLM_MEMBER(NormPush, r_offset), GLM_MEMBER(NormPush, r_stride)};
// The other kernels' push constants (shaders/push_constants.h), by module name prefix.
const std::vector<std::pair<std::string, Offsets>> other_kernels = {
    {"layer_norm", norm_offsets},
    {"rms_norm", norm_offsets},
    {"attention_combine",
     {GLM_MEMBER(AttentionCombinePush, heads), GLM_MEMBER(AttentionCombinePush, slices),
      GLM_MEMBER(AttentionCombinePush, tokens)}},
    {"attention",
     {GLM_MEMBER(AttentionPush, heads), GLM_MEMBER(AttentionPush, kv_heads),
      GLM_MEMBER(AttentionPush, capacity), GLM_MEMBER(AttentionPush, slices),
      GLM_MEMBER(AttentionPush, tokens), GLM_MEMBER(AttentionPush, first_token),
      GLM_MEMBER(AttentionPush, q_texel), GLM_MEMBER(AttentionPush, k_texel),
      GLM_MEMBER(AttentionPush, v_texel)}},
    {"rope_kv",
     {GLM_MEMBER(RopeKvPush, heads), GLM_MEMBER(RopeKvPush, kv_heads),
      GLM_MEMBER(RopeKvPush, head_dim), GLM_MEMBER(RopeKvPush, qkv_stride),
      GLM_MEMBER(RopeKvPush, capacity), GLM_MEMBER(RopeKvPush, rope_rows),
      GLM_MEMBER(RopeKvPush, q_scale), GLM_MEMBER(RopeKvPush, first_token)}},
    {"embed",
     {GLM_MEMBER(EmbedPush, K), GLM_MEMBER(EmbedPush, rows), GLM_MEMBER(EmbedPush, row_begin),
      GLM_MEMBER(EmbedPush, ids_offset), GLM_MEMBER(EmbedPush, out_offset),
      GLM_MEMBER(EmbedPush, out_stride)}},
    {"swiglu", {GLM_MEMBER(SwigluPush, ffn), GLM_MEMBER(SwigluPush, tokens)}},
    {"argmax", {GLM_MEMBER(ArgmaxPush, count), GLM_MEMBER(ArgmaxPush, out_offset)}},
    {"sample_candidates", {GLM_MEMBER(SampleCandidatesPush, groups)}},
    {"sample_prepare", {}},
    {"sample_select", {}},
};
#undef GLM_MEMBER

bool is_matrix_kernel(const std::string& name) {
    return name.rfind("matvec_", 0) == 0 || name.rfind("matmul_", 0) == 0;
}

} // namespace

class TestKernelInterface : public QObject {
    Q_OBJECT
private slots:
    void everyMatrixKernelMatchesTheCppSide() {
        int modules = 0;
        for (const vk::EmbeddedShader* s : vk::embedded_shaders()) {
            const std::string name = s->name;
            if (!is_matrix_kernel(name)) continue;
            ++modules;
            const test::SpirvInterface i = test::reflect_spirv({s->words, s->word_count});
            const QByteArray where = QByteArray::fromStdString(name);
            QVERIFY2(!i.push_offsets.empty(), where + ": no push constants");
            QVERIFY2(i.push_block_bytes <= sizeof(MatmulPush), where + ": push block too large");
            for (const auto& [member, offset] : i.push_offsets) {
                const auto cpp = push_members.find(member);
                QVERIFY2(cpp != push_members.end(),
                         where + ": push constant " + member.c_str() + " is not in MatmulPush");
                QVERIFY2(cpp->second == offset, where + ": push constant " + member.c_str() +
                                                    " at byte " + QByteArray::number(offset) +
                                                    ", MatmulPush has it at " +
                                                    QByteArray::number(cpp->second));
            }
            for (const auto& [constant, id] : i.spec_ids) {
                const auto cpp = spec_ids.find(constant);
                if (cpp == spec_ids.end()) continue; // a kernel's own (e.g. tile sizes of coopmat)
                QVERIFY2(cpp->second == id, where + ": constant " + constant.c_str() + " has id " +
                                                QByteArray::number(id) + ", the header says " +
                                                QByteArray::number(cpp->second));
            }
            for (const auto& [resource, binding] : i.bindings) {
                const auto cpp = bindings.find(resource);
                QVERIFY2(cpp != bindings.end(),
                         where + ": resource " + resource.c_str() + " is not in the interface");
                QVERIFY2(cpp->second == binding, where + ": " + resource.c_str() + " at binding " +
                                                     QByteArray::number(binding) +
                                                     ", the header says " +
                                                     QByteArray::number(cpp->second));
                QVERIFY2(binding < MATMUL_BINDINGS, where + ": binding beyond MATMUL_BINDINGS");
            }
        }
        // Every family is here: 4 types × (matvec, _sg, matmul, matvec_rows ×4) + coopmat 12.
        QVERIFY2(modules >= 40, QByteArray::number(modules) + " matrix kernels found");
    }

    // Every other kernel's push block, member by member, against its struct in push_constants.h.
    void everyOtherKernelMatchesItsPushConstants() {
        int modules = 0;
        for (const vk::EmbeddedShader* s : vk::embedded_shaders()) {
            const std::string name = s->name;
            if (is_matrix_kernel(name) || name.rfind("test_", 0) == 0) continue;
            const QByteArray where = QByteArray::fromStdString(name);
            const Offsets* expected = nullptr;
            for (const auto& [prefix, offsets] : other_kernels)
                if (name.rfind(prefix, 0) == 0) {
                    expected = &offsets;
                    break;
                }
            QVERIFY2(expected,
                     where + ": a kernel this test does not know; add its push constants");
            ++modules;
            const test::SpirvInterface i = test::reflect_spirv({s->words, s->word_count});
            QVERIFY2(i.push_offsets.size() == expected->size(),
                     where + ": " + QByteArray::number(qsizetype(i.push_offsets.size())) +
                         " push constants, the C++ struct has " +
                         QByteArray::number(qsizetype(expected->size())));
            for (const auto& [member, offset] : i.push_offsets) {
                const auto cpp = expected->find(member);
                QVERIFY2(cpp != expected->end(),
                         where + ": push constant " + member.c_str() + " is not in the C++ struct");
                QVERIFY2(cpp->second == offset, where + ": push constant " + member.c_str() +
                                                    " at byte " + QByteArray::number(offset) +
                                                    ", the C++ struct has it at " +
                                                    QByteArray::number(cpp->second));
            }
        }
        QVERIFY2(modules >= 20, QByteArray::number(modules) + " other kernels found");
    }

    // The reflection itself finds what a module declares (else the test above checks nothing).
    void reflectionReadsAKnownModule() {
        const vk::EmbeddedShader* s = vk::find_shader("matvec_q4_0");
        QVERIFY(s);
        const test::SpirvInterface i = test::reflect_spirv({s->words, s->word_count});
        QCOMPARE(i.push_offsets.size(), push_members.size());
        QCOMPARE(i.push_offsets.at("norm_eps"), uint32_t(offsetof(MatmulPush, norm_eps)));
        QCOMPARE(i.push_block_bytes, uint32_t(sizeof(MatmulPush)));
        QCOMPARE(i.spec_ids.at("HAS_BIAS"), uint32_t(MATMUL_ID_HAS_BIAS));
        QCOMPARE(i.spec_ids.at("ROWS"), uint32_t(MATVEC_ID_ROWS));
        QCOMPARE(i.bindings.find("Y")->second, uint32_t(MATMUL_BINDING_Y));
        QCOMPARE(i.bindings.find("WeightScales")->second, uint32_t(MATMUL_BINDING_SCALES));
    }
};

QTEST_APPLESS_MAIN(TestKernelInterface)
#include "tst_kernel_interface.moc"
