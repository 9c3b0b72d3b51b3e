// Loading a GGUF model onto a Vulkan device (Model::load for a Vulkan device).
#pragma once

#include "glm/model.h"

#include <filesystem>
#include <memory>

namespace glm {

std::shared_ptr<Model> load_vulkan_model(std::shared_ptr<ComputeDevice> gpu,
                                         const std::filesystem::path& path,
                                         const LoadOptions& options);

} // namespace glm
