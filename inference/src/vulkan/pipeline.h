// Compute pipelines built from embedded SPIR-V, and the on-disk pipeline cache.
//
// Shader conventions (shaders/common.glsl): bindings 0..N-1 of descriptor set 0 are storage
// buffers; specialization constants 0, 1, 2 are the workgroup size x, y, z; constants 3.. are
// the kernel's own (rows per workgroup, subgroup size, block sizes, ...).
#pragma once

#include "vulkan/handle.h"
#include "vulkan/vulkan_api.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace glm::vk {

class Device;

struct PipelineDesc {
    std::string shader;                  // embedded shader name
    uint32_t bindings = 1;               // storage buffers at set 0, bindings 0..bindings-1
    uint32_t texel_bindings = 0;         // bit i set: binding i is a uniform texel buffer instead
    uint32_t push_constant_bytes = 0;    // <= 128 (the guaranteed minimum)
    uint32_t workgroup[3] = {64, 1, 1};  // specialization constants 0..2
    std::vector<uint32_t> constants;     // specialization constants 3..
    uint32_t required_subgroup_size = 0; // 0: driver's choice; else needs subgroup size control

    std::string key() const;
};

class Pipeline {
public:
    Pipeline(Device& device, const PipelineDesc& desc, VkPipelineCache cache);
    Pipeline(const Pipeline&) = delete;
    Pipeline& operator=(const Pipeline&) = delete;

    VkPipeline handle() const { return pipeline_.get(); }
    VkPipelineLayout layout() const { return layout_.get(); }
    VkDescriptorSetLayout set_layout() const { return set_layout_.get(); }
    const PipelineDesc& desc() const { return desc_; }

private:
    PipelineDesc desc_;
    Handle<VkDescriptorSetLayout> set_layout_;
    Handle<VkPipelineLayout> layout_;
    Handle<VkPipeline> pipeline_;
};

// VkPipelineCache persisted per device. The file carries our own header (magic, format
// version, device UUID, driver version, payload size and checksum); a file that is corrupt,
// truncated or from another device/driver is ignored and rewritten on save.
class PipelineCache {
public:
    // `file` empty: memory only.
    PipelineCache(Device& device, std::filesystem::path file);
    ~PipelineCache(); // saves
    PipelineCache(const PipelineCache&) = delete;
    PipelineCache& operator=(const PipelineCache&) = delete;

    VkPipelineCache handle() const { return cache_.get(); }
    // True when the file existed and was accepted at start-up.
    bool loaded_from_disk() const { return loaded_; }
    const std::string& load_note() const { return load_note_; } // why a file was rejected
    const std::filesystem::path& file() const { return file_; }
    void save();

private:
    Device& device_;
    std::filesystem::path file_;
    Handle<VkPipelineCache> cache_;
    bool loaded_ = false;
    std::string load_note_;
};

std::filesystem::path default_cache_dir();

} // namespace glm::vk
