// Opening the engine, a device and a model for a glm-cli command, with load progress on stderr.
#pragma once

#include "cli.h"
#include "glm/engine.h"
#include "glm/model.h"
#include "glm/session.h"

#include <memory>

namespace glm::cli {

struct CliModel {
    std::unique_ptr<Engine> engine;
    std::shared_ptr<ComputeDevice> device;
    std::shared_ptr<Model> model;
};

// Options shared by the commands that run a model.
std::vector<OptionSpec> model_options();
CliModel open_model(const Args& args);

// Options of the session a command runs (--context, --kv-cache), and what they ask for.
std::vector<OptionSpec> session_options();
SessionOptions session_options_from(const Args& args);

} // namespace glm::cli
