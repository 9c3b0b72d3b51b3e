// glm-cli: the GLM Chat engine without a window.
#include "cli.h"
#include "glm/engine.h"
#include "glm/error.h"

#include <cstdio>
#include <exception>

using namespace glm::cli;

static void print_usage() {
    std::printf("glm-cli %s — run GLM models on your GPU through Vulkan\n\n",
                glm::version_string());
    std::printf("usage: glm-cli COMMAND [options]\n\ncommands:\n");
    for (const auto& [name, c] : commands())
        std::printf("  %-16s %s\n", name.c_str(), c.summary.c_str());
    std::printf("\n  glm-cli help COMMAND    options of one command\n  glm-cli --version\n");
}

static void print_command_help(const Command& c) {
    std::printf("glm-cli %s %s\n\n%s\n", c.name.c_str(), c.usage.c_str(), c.summary.c_str());
    if (!c.options.empty()) std::printf("\noptions:\n");
    for (const auto& o : c.options) {
        std::string names = o.short_name.empty() ? o.long_name : o.short_name + ", " + o.long_name;
        if (o.takes_value) names += " VALUE";
        std::printf("  %-26s %s\n", names.c_str(), o.help.c_str());
    }
}

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h") {
        print_usage();
        return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version" || args[0] == "version") {
        std::printf("glm-cli %s\n", glm::version_string());
        return 0;
    }
    if (args[0] == "help") {
        if (args.size() > 1) {
            auto it = commands().find(args[1]);
            if (it == commands().end()) return fail("no command named '" + args[1] + "'", 2);
            print_command_help(it->second);
        } else {
            print_usage();
        }
        return 0;
    }
    auto it = commands().find(args[0]);
    if (it == commands().end()) {
        print_usage();
        return fail("unknown command '" + args[0] + "'", 2);
    }
    const Command& cmd = it->second;
    std::vector<std::string> rest(args.begin() + 1, args.end());
    for (const auto& a : rest)
        if (a == "--help" || a == "-h") {
            print_command_help(cmd);
            return 0;
        }
    try {
        Args parsed(rest, cmd.options);
        return cmd.run(parsed);
    } catch (const glm::Error& e) {
        return fail(e.what(), 1);
    } catch (const std::exception& e) {
        return fail(e.what(), 2);
    }
}
