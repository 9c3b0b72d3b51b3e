// glm-cli's small framework: commands register themselves, options are declared per command.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace glm::cli {

struct OptionSpec {
    std::string short_name; // "-m" or ""
    std::string long_name;  // "--model"
    bool takes_value = true;
    std::string help;
};

class Args {
public:
    // Parses argv (without the program and command names). Throws std::runtime_error on an
    // unknown option or a missing value.
    Args(const std::vector<std::string>& argv, const std::vector<OptionSpec>& specs);

    bool has(const std::string& long_name) const { return values_.count(long_name) > 0; }
    std::optional<std::string> get(const std::string& long_name) const;
    std::string get_or(const std::string& long_name, const std::string& fallback) const;
    double number(const std::string& long_name, double fallback) const;
    long long integer(const std::string& long_name, long long fallback) const;
    const std::vector<std::string>& positional() const { return positional_; }

private:
    std::map<std::string, std::string> values_;
    std::vector<std::string> positional_;
};

struct Command {
    std::string name;
    std::string summary;
    std::string usage; // options and arguments, shown by `glm-cli help NAME`
    std::vector<OptionSpec> options;
    std::function<int(const Args&)> run;
};

// Called by static registrars in the cmd_*.cpp files.
void register_command(Command command);
const std::map<std::string, Command>& commands();

struct Registrar {
    explicit Registrar(Command c) { register_command(std::move(c)); }
};

// Prints an error for the user on stderr and returns the exit code for it.
int fail(const std::string& message, int code = 1);

// True when stdout is a terminal (progress bars) rather than a pipe or file (plain lines).
bool stdout_is_terminal();
bool stderr_is_terminal();

std::vector<int> parse_id_list(const std::string& text); // "1,2,3" -> {1,2,3}
// "128,512" given to `option` -> {128, 512}; throws std::runtime_error naming the option on
// anything else.
std::vector<uint32_t> parse_count_list(const std::string& option, const std::string& text);

} // namespace glm::cli
