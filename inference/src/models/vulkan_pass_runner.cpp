#include "models/vulkan_pass_runner.h"

#include "kernels/sample_kernel.h"
#include "vulkan/device.h"

#include <algorithm>
#include <chrono>

namespace glm {

static_assert(PassRunner::kNeedHost == SampleKernel::kNeedHost);
static_assert(PassRunner::kLogitRows == GlmGraph::kLogitRows);

VulkanPassRunner::VulkanPassRunner(DeviceModel& model, uint32_t capacity, KvCacheType kv_type,
                                   uint32_t pass_chunk)
    : model_(model), graph_(model, capacity, kv_type, pass_chunk) {}

VulkanPassRunner::~VulkanPassRunner() {
    model_.kernels->device.wait_idle();
}

void VulkanPassRunner::write_inputs(const PassInputs& in) {
    std::copy(in.ids.begin(), in.ids.end(), graph_.ids());
    uint32_t* step = graph_.step();
    step[0] = in.past;
    step[1] = uint32_t(in.ids.size());
    step[2] = in.prefix;
    step[3] = 0;
    for (size_t t = 0; t < in.positions.size(); ++t) {
        step[4 + 2 * t] = in.positions[t].pos;
        step[5 + 2 * t] = in.positions[t].block;
    }
}

void VulkanPassRunner::submit(const std::function<void(vk::CommandRecorder&)>& record) {
    if (!pass_rec_)
        pass_rec_ = std::make_unique<vk::CommandRecorder>(model_.kernels->device, profiling_);
    pass_rec_->begin();
    record(*pass_rec_);
    pass_rec_->end();
    pass_rec_->submit_and_wait();
}

void VulkanPassRunner::run(const PassInputs& in, uint32_t outputs) {
    write_inputs(in);
    const uint32_t tokens = uint32_t(in.ids.size());
    if (!in.decode) {
        submit([&](vk::CommandRecorder& rec) { graph_.record_pass(rec, tokens, outputs, 1); });
        return;
    }
    auto& rec = decode_recs_[outputs];
    if (!rec) {
        // Recorded once, replayed for every token: only the host-side inputs change.
        rec = std::make_unique<vk::CommandRecorder>(model_.kernels->device, profiling_);
        rec->begin();
        graph_.record_pass(*rec, 1, outputs, graph_.decode_slices());
        rec->end();
    }
    rec->submit_and_wait();
    if (profiling_) {
        timings_.clear();
        for (auto& t : rec->kernel_times()) timings_.push_back({t.label, t.ms});
    }
}

void VulkanPassRunner::logits_of_hidden(uint32_t first, uint32_t rows) {
    submit([&](vk::CommandRecorder& rec) { graph_.record_logits(rec, first, rows); });
}

void VulkanPassRunner::set_sampling(const SamplingSetup& setup) {
    DeviceSamplingParams& dp = *graph_.sampling();
    dp.inv_temperature = setup.inv_temperature;
    dp.top_k = setup.top_k;
    dp.top_p = setup.top_p;
    dp.penalty = setup.penalty;
    dp.vocab = setup.vocab;
    dp.random = setup.random;
    dp.history_bits = 1;
}

void VulkanPassRunner::read_penalised_logits() {
    submit([&](vk::CommandRecorder& rec) { graph_.record_logits_readback(rec); });
}

void VulkanPassRunner::set_profiling(bool on) {
    if (on == profiling_) return;
    profiling_ = on;
    pass_rec_.reset();
    decode_recs_.clear();
}

uint32_t VulkanPassRunner::dispatches_per_decode_step() const {
    uint32_t n = 0;
    for (const auto& [output, rec] : decode_recs_) n = std::max(n, rec->dispatch_count());
    return n;
}

double VulkanPassRunner::record_decode_step_ms() {
    vk::CommandRecorder rec(model_.kernels->device, false);
    const auto t0 = std::chrono::steady_clock::now();
    rec.begin();
    graph_.record_pass(rec, 1, kOutputArgmax, graph_.decode_slices());
    rec.end();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

} // namespace glm
