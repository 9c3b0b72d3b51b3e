// Errors the engine reports. Every failure that a user or caller can act on is a glm::Error with a
// kind (for programs to branch on) and a message written for a person: what is wrong and, where
// there is one, what to do about it.
#pragma once

#include <stdexcept>
#include <string>

namespace glm {

enum class ErrorKind {
    InvalidArgument,   // a caller passed something impossible (bad id, bad option)
    InvalidFile,       // a model/checkpoint/tokenizer file is truncated, corrupt or unsupported
    Io,                // the file system said no (missing file, no space, permission)
    NoVulkan,          // no Vulkan loader or no usable device
    OutOfDeviceMemory, // the GPU ran out of memory
    DeviceLost,        // the GPU driver reset or the device disappeared
    Vulkan,            // any other Vulkan failure
    ContextOverflow,   // the prompt/conversation does not fit the context window
    Cancelled,         // the caller asked to stop
    InvalidOutput,     // the model computed NaN/infinite numbers (damaged file or faulty driver)
    DeviceNotFound,    // no device matches the one asked for (--device, GLM_DEVICE, settings)
};

class Error : public std::runtime_error {
public:
    Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    ErrorKind kind() const noexcept { return kind_; }

private:
    ErrorKind kind_;
};

const char* to_string(ErrorKind kind) noexcept;

} // namespace glm
