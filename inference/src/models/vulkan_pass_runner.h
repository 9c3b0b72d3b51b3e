// The Vulkan engine behind the session seam: a GlmGraph and the command buffers it records. The
// decode step is recorded once per output kind and replayed for every token (only the host-side
// inputs change), so a token costs one submit.
#pragma once

#include "models/glm_graph.h"
#include "models/pass_runner.h"
#include "vulkan/command_recorder.h"

#include <map>
#include <memory>

namespace glm {

class VulkanPassRunner final : public PassRunner {
public:
    VulkanPassRunner(DeviceModel& model, uint32_t capacity, KvCacheType kv_type,
                     uint32_t pass_chunk);
    ~VulkanPassRunner() override;

    uint32_t capacity() const override { return graph_.capacity(); }
    KvCacheType kv_cache_type() const override { return graph_.kv_cache_type(); }
    uint32_t max_pass_tokens() const override { return graph_.max_pass_tokens(); }

    void run(const PassInputs& in, uint32_t outputs) override;
    void logits_of_hidden(uint32_t first, uint32_t rows) override;
    const float* logits() const override { return graph_.logits(); }
    int32_t token() const override { return graph_.argmax(); }
    const float* hidden() const override { return graph_.hidden(); }

    void set_sampling(const SamplingSetup& setup) override;
    void upload_seen(const std::vector<uint32_t>& bits) override { graph_.upload_seen(bits); }
    void set_seen_word(uint32_t word, uint32_t bits) override { graph_.set_seen_word(word, bits); }
    void read_penalised_logits() override;

    void set_profiling(bool on) override;
    std::vector<KernelTiming> last_step_timings() const override { return timings_; }
    uint32_t dispatches_per_decode_step() const override;
    double record_decode_step_ms() override;

private:
    void write_inputs(const PassInputs& in);
    // One recording, submitted and waited for.
    void submit(const std::function<void(vk::CommandRecorder&)>& record);

    DeviceModel& model_;
    GlmGraph graph_;
    bool profiling_ = false;
    std::unique_ptr<vk::CommandRecorder> pass_rec_;
    std::map<uint32_t, std::unique_ptr<vk::CommandRecorder>> decode_recs_; // by PassOutput
    std::vector<KernelTiming> timings_;
};

} // namespace glm
