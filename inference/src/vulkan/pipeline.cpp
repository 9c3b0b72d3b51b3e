#include "vulkan/pipeline.h"

#include "glm/error.h"
#include "vulkan/device.h"
#include "vulkan/embedded_shaders.h"
#include "vulkan/vulkan_error.h"

#include <bit>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <system_error>

namespace glm::vk {

const EmbeddedShader* find_shader(std::string_view name) {
    for (const EmbeddedShader* s : embedded_shaders())
        if (name == s->name) return s;
    return nullptr;
}

std::string PipelineDesc::key() const {
    std::string k = shader + "|" + std::to_string(bindings) + "/" + std::to_string(texel_bindings) +
                    "|" + std::to_string(push_constant_bytes) + "|" + std::to_string(workgroup[0]) +
                    "," + std::to_string(workgroup[1]) + "," + std::to_string(workgroup[2]) + "|" +
                    std::to_string(required_subgroup_size) + "|";
    for (uint32_t c : constants) k += std::to_string(c) + ",";
    return k;
}

// ---- Pipeline --------------------------------------------------------------------------------

Pipeline::Pipeline(Device& device, const PipelineDesc& desc, VkPipelineCache cache) : desc_(desc) {
    VkDevice dev = device.handle();
    const EmbeddedShader* shader = find_shader(desc.shader);
    if (!shader) throw Error(ErrorKind::InvalidArgument, "no embedded shader named " + desc.shader);
    if (desc.push_constant_bytes > device.info().limits.max_push_constants_size)
        throw Error(ErrorKind::InvalidArgument,
                    desc.shader + ": push constants exceed the device limit");
    const uint32_t storage_buffers = desc.bindings - uint32_t(std::popcount(desc.texel_bindings));
    if (storage_buffers > device.info().limits.max_per_stage_storage_buffers)
        throw Error(ErrorKind::NoVulkan,
                    desc.shader + " needs " + std::to_string(storage_buffers) +
                        " storage buffers per shader; this device offers " +
                        std::to_string(device.info().limits.max_per_stage_storage_buffers) + ".");
    const uint32_t invocations = desc.workgroup[0] * desc.workgroup[1] * desc.workgroup[2];
    if (invocations > device.info().limits.max_compute_workgroup_invocations)
        throw Error(ErrorKind::InvalidArgument, desc.shader + ": workgroup of " +
                                                    std::to_string(invocations) +
                                                    " invocations exceeds the device limit");

    std::vector<VkDescriptorSetLayoutBinding> bindings(desc.bindings);
    for (uint32_t i = 0; i < desc.bindings; ++i) {
        bindings[i].binding = i;
        bindings[i].descriptorType = (desc.texel_bindings >> i) & 1
                                         ? VK_DESCRIPTOR_TYPE_UNIFORM_TEXEL_BUFFER
                                         : VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
        bindings[i].descriptorCount = 1;
        bindings[i].stageFlags = VK_SHADER_STAGE_COMPUTE_BIT;
    }
    VkDescriptorSetLayoutCreateInfo dsl{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
    dsl.bindingCount = desc.bindings;
    dsl.pBindings = bindings.data();
    set_layout_.create(dev, "creating a descriptor set layout", [&](VkDescriptorSetLayout* made) {
        return vkCreateDescriptorSetLayout(dev, &dsl, nullptr, made);
    });
    const VkDescriptorSetLayout set_layout = set_layout_.get();

    VkPushConstantRange pcr{VK_SHADER_STAGE_COMPUTE_BIT, 0, desc.push_constant_bytes};
    VkPipelineLayoutCreateInfo pl{VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
    pl.setLayoutCount = 1;
    pl.pSetLayouts = &set_layout;
    pl.pushConstantRangeCount = desc.push_constant_bytes ? 1 : 0;
    pl.pPushConstantRanges = &pcr;
    layout_.create(dev, "creating a pipeline layout", [&](VkPipelineLayout* made) {
        return vkCreatePipelineLayout(dev, &pl, nullptr, made);
    });

    VkShaderModuleCreateInfo smi{VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO};
    smi.codeSize = shader->word_count * 4;
    smi.pCode = shader->words;
    // Needed only until the pipeline is made; freed on every way out, the errors below included.
    Handle<VkShaderModule> module;
    module.create(dev, "loading shader " + desc.shader, [&](VkShaderModule* made) {
        return vkCreateShaderModule(dev, &smi, nullptr, made);
    });

    std::vector<uint32_t> values = {desc.workgroup[0], desc.workgroup[1], desc.workgroup[2]};
    values.insert(values.end(), desc.constants.begin(), desc.constants.end());
    std::vector<VkSpecializationMapEntry> entries(values.size());
    for (uint32_t i = 0; i < values.size(); ++i) entries[i] = {i, i * 4, 4};
    VkSpecializationInfo spec{};
    spec.mapEntryCount = uint32_t(entries.size());
    spec.pMapEntries = entries.data();
    spec.dataSize = values.size() * 4;
    spec.pData = values.data();

    VkPipelineShaderStageRequiredSubgroupSizeCreateInfoEXT sgs{
        VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_REQUIRED_SUBGROUP_SIZE_CREATE_INFO_EXT};
    VkComputePipelineCreateInfo cpi{VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO};
    cpi.stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO;
    cpi.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
    cpi.stage.module = module.get();
    cpi.stage.pName = "main";
    cpi.stage.pSpecializationInfo = &spec;
    if (desc.required_subgroup_size) {
        if (!device.enabled().subgroup_size_control)
            throw Error(ErrorKind::InvalidArgument,
                        desc.shader + ": device lacks subgroup size control");
        sgs.requiredSubgroupSize = desc.required_subgroup_size;
        cpi.stage.pNext = &sgs;
        if (desc.workgroup[0] % desc.required_subgroup_size == 0)
            cpi.stage.flags |= VK_PIPELINE_SHADER_STAGE_CREATE_REQUIRE_FULL_SUBGROUPS_BIT_EXT;
    }
    cpi.layout = layout_.get();
    pipeline_.create(dev, "creating the compute pipeline " + desc.shader, [&](VkPipeline* made) {
        return vkCreateComputePipelines(dev, cache, 1, &cpi, nullptr, made);
    });
}

// ---- PipelineCache ---------------------------------------------------------------------------

namespace {

constexpr char kMagic[8] = {'G', 'L', 'M', 'P', 'C', 'A', 'C', '1'};

struct CacheHeader {
    char magic[8];
    uint32_t header_bytes;
    uint32_t vendor_id;
    uint32_t device_id;
    uint32_t driver_version;
    uint8_t cache_uuid[VK_UUID_SIZE];
    uint64_t payload_bytes;
    uint64_t payload_hash;
};

uint64_t fnv1a(const uint8_t* p, size_t n) {
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

CacheHeader expected_header(VkPhysicalDevice pd) {
    VkPhysicalDeviceProperties props{};
    vkGetPhysicalDeviceProperties(pd, &props);
    CacheHeader h{};
    std::memcpy(h.magic, kMagic, sizeof kMagic);
    h.header_bytes = sizeof(CacheHeader);
    h.vendor_id = props.vendorID;
    h.device_id = props.deviceID;
    h.driver_version = props.driverVersion;
    std::memcpy(h.cache_uuid, props.pipelineCacheUUID, VK_UUID_SIZE);
    return h;
}

} // namespace

std::filesystem::path default_cache_dir() {
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x)
        return std::filesystem::path(x) / "glm-chat";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::filesystem::path(home) / ".cache" / "glm-chat";
    return std::filesystem::temp_directory_path() / "glm-chat-cache";
}

PipelineCache::PipelineCache(Device& device, std::filesystem::path file)
    : device_(device), file_(std::move(file)) {
    std::vector<uint8_t> payload;
    if (!file_.empty()) {
        std::ifstream in(file_, std::ios::binary);
        if (in) {
            std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                       std::istreambuf_iterator<char>());
            CacheHeader want = expected_header(device.physical());
            CacheHeader got{};
            if (bytes.size() < sizeof got) {
                load_note_ = "too short";
            } else {
                std::memcpy(&got, bytes.data(), sizeof got);
                if (std::memcmp(got.magic, kMagic, sizeof kMagic) || got.header_bytes != sizeof got)
                    load_note_ = "not a GLM Chat pipeline cache";
                else if (got.vendor_id != want.vendor_id || got.device_id != want.device_id ||
                         got.driver_version != want.driver_version ||
                         std::memcmp(got.cache_uuid, want.cache_uuid, VK_UUID_SIZE))
                    load_note_ = "made by another device or driver";
                else if (got.payload_bytes != bytes.size() - sizeof got)
                    load_note_ = "truncated";
                else if (fnv1a(bytes.data() + sizeof got, got.payload_bytes) != got.payload_hash)
                    load_note_ = "checksum mismatch";
                else
                    payload.assign(bytes.begin() + sizeof got, bytes.end());
            }
        }
    }
    VkPipelineCacheCreateInfo ci{VK_STRUCTURE_TYPE_PIPELINE_CACHE_CREATE_INFO};
    ci.initialDataSize = payload.size();
    ci.pInitialData = payload.empty() ? nullptr : payload.data();
    VkPipelineCache made = VK_NULL_HANDLE;
    VkResult r = vkCreatePipelineCache(device.handle(), &ci, nullptr, &made);
    if (r != VK_SUCCESS && !payload.empty()) {
        // The driver refused the data itself: start empty, the file is rewritten on save.
        load_note_ = "rejected by the driver";
        payload.clear();
        ci.initialDataSize = 0;
        ci.pInitialData = nullptr;
        made = VK_NULL_HANDLE;
        r = vkCreatePipelineCache(device.handle(), &ci, nullptr, &made);
    }
    check(r, "creating the pipeline cache");
    cache_.adopt(device.handle(), made);
    loaded_ = !payload.empty();
}

void PipelineCache::save() {
    if (file_.empty() || !cache_) return;
    const VkPipelineCache cache = cache_.get();
    size_t n = 0;
    if (vkGetPipelineCacheData(device_.handle(), cache, &n, nullptr) != VK_SUCCESS || n == 0)
        return;
    std::vector<uint8_t> data(n);
    if (vkGetPipelineCacheData(device_.handle(), cache, &n, data.data()) != VK_SUCCESS) return;
    data.resize(n);
    CacheHeader h = expected_header(device_.physical());
    h.payload_bytes = n;
    h.payload_hash = fnv1a(data.data(), n);
    // A cache is an optimisation: any failure to write it is ignored.
    std::error_code ec;
    std::filesystem::create_directories(file_.parent_path(), ec);
    auto tmp = file_;
    tmp += ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) return;
        out.write(reinterpret_cast<const char*>(&h), sizeof h);
        out.write(reinterpret_cast<const char*>(data.data()), std::streamsize(n));
        if (!out) {
            out.close();
            std::filesystem::remove(tmp, ec);
            return;
        }
    }
    std::filesystem::rename(tmp, file_, ec);
}

PipelineCache::~PipelineCache() {
    save();
}

} // namespace glm::vk
