#include "inference/engine_advice.h"

#include "glm/error.h"

#include <QCoreApplication>

namespace glm::app {

namespace {

// The translation context of these messages (lupdate reads EngineAdvice::tr).
struct EngineAdvice {
    Q_DECLARE_TR_FUNCTIONS(EngineAdvice)
};

QString headline(FailedAction action) {
    switch (action) {
    case FailedAction::LoadModel:
        return EngineAdvice::tr("The model could not be loaded.");
    case FailedAction::Generate:
        return EngineAdvice::tr("The reply could not be finished.");
    case FailedAction::ListDevices:
        return EngineAdvice::tr("No graphics device can be used.");
    }
    return {};
}

FailureAdvice forKind(ErrorKind kind, FailedAction action) {
    switch (kind) {
    case ErrorKind::OutOfDeviceMemory:
        return {EngineAdvice::tr("There is not enough video memory."),
                EngineAdvice::tr(
                    "Pick a smaller quantization of the model (for example Q4_0), set a shorter "
                    "context length in Settings, or close other programs that use the GPU."),
                {}};
    case ErrorKind::DeviceLost:
        return {EngineAdvice::tr("The graphics device stopped responding or was removed."),
                EngineAdvice::tr(
                    "Load the model again. If it keeps happening, update the graphics driver or "
                    "pick another device in Settings."),
                {}};
    case ErrorKind::NoVulkan:
        return {EngineAdvice::tr("No graphics device with Vulkan support was found."),
                EngineAdvice::tr(
                    "Install or update the graphics driver with Vulkan support (on Linux: "
                    "mesa-vulkan-drivers, or your GPU vendor's driver), then start GLM Chat "
                    "again."),
                {}};
    case ErrorKind::InvalidFile:
        return {EngineAdvice::tr("The file is not a usable GLM model."),
                EngineAdvice::tr(
                    "Choose a GGUF file of ChatGLM-6B, ChatGLM2-6B, ChatGLM3-6B or GLM-4-9B. If "
                    "it was downloaded, download it again; a checkpoint can be converted with "
                    "the model manager or glm-cli convert."),
                {}};
    case ErrorKind::Io:
        return {EngineAdvice::tr("The file could not be read."),
                EngineAdvice::tr(
                    "Check that the file still exists, that you may read it, and that the disk "
                    "is connected."),
                {}};
    case ErrorKind::ContextOverflow:
        return {EngineAdvice::tr("The message is too long for the model's context."),
                EngineAdvice::tr(
                    "Shorten the message, start a new chat, or set a longer context length (or "
                    "fewer new tokens) in Settings."),
                {}};
    case ErrorKind::Vulkan:
        return {headline(action),
                EngineAdvice::tr(
                    "The graphics driver reported an error. Update the driver or pick another "
                    "device in Settings."),
                {}};
    case ErrorKind::Cancelled:
        return {EngineAdvice::tr("Stopped."), {}, {}};
    case ErrorKind::InvalidOutput:
        return {
            EngineAdvice::tr("The model produced invalid numbers."),
            EngineAdvice::tr("The model file may be damaged: download or convert it again. Or the "
                             "graphics driver may be faulty: update it or pick another device in "
                             "Settings."),
            {}};
    case ErrorKind::DeviceNotFound:
        return {EngineAdvice::tr("No graphics device matches the one chosen."),
                EngineAdvice::tr(
                    "Pick another device in Settings, or unset the GLM_DEVICE environment "
                    "variable. The details below list the devices; glm-cli devices shows them "
                    "too."),
                {}};
    case ErrorKind::InvalidArgument:
        break;
    }
    return {headline(action),
            EngineAdvice::tr("Please report this problem with the details below."),
            {}};
}

} // namespace

FailureAdvice adviceFor(const std::exception& error, FailedAction action) {
    FailureAdvice advice;
    if (const auto* e = dynamic_cast<const glm::Error*>(&error))
        advice = forKind(e->kind(), action);
    else if (dynamic_cast<const std::bad_alloc*>(&error))
        advice = {EngineAdvice::tr("The computer ran out of memory."),
                  EngineAdvice::tr("Close other programs, or pick a smaller model."),
                  {}};
    else
        advice = {headline(action),
                  EngineAdvice::tr("Please report this problem with the details below."),
                  {}};
    advice.detail = QString::fromUtf8(error.what());
    return advice;
}

} // namespace glm::app
