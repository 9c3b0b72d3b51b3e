#include "cli.h"

#include <cstdio>
#include <stdexcept>
#include <unistd.h>

namespace glm::cli {

Args::Args(const std::vector<std::string>& argv, const std::vector<OptionSpec>& specs) {
    for (size_t i = 0; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a.size() < 2 || a[0] != '-' || (a[1] >= '0' && a[1] <= '9')) {
            positional_.push_back(a);
            continue;
        }
        if (a == "--") {
            positional_.insert(positional_.end(), argv.begin() + long(i) + 1, argv.end());
            break;
        }
        std::string name = a, inline_value;
        bool has_inline = false;
        if (auto eq = a.find('='); eq != std::string::npos && a.rfind("--", 0) == 0) {
            name = a.substr(0, eq);
            inline_value = a.substr(eq + 1);
            has_inline = true;
        }
        const OptionSpec* spec = nullptr;
        for (const auto& s : specs)
            if (name == s.long_name || (!s.short_name.empty() && name == s.short_name)) spec = &s;
        if (!spec) throw std::runtime_error("unknown option " + name);
        if (!spec->takes_value) {
            if (has_inline) throw std::runtime_error(name + " takes no value");
            values_[spec->long_name] = "1";
        } else if (has_inline) {
            values_[spec->long_name] = inline_value;
        } else {
            if (i + 1 >= argv.size()) throw std::runtime_error(name + " needs a value");
            values_[spec->long_name] = argv[++i];
        }
    }
}

std::optional<std::string> Args::get(const std::string& long_name) const {
    auto it = values_.find(long_name);
    if (it == values_.end()) return std::nullopt;
    return it->second;
}

std::string Args::get_or(const std::string& long_name, const std::string& fallback) const {
    return get(long_name).value_or(fallback);
}

double Args::number(const std::string& long_name, double fallback) const {
    auto v = get(long_name);
    if (!v) return fallback;
    size_t used = 0;
    double d = 0;
    try {
        d = std::stod(*v, &used);
    } catch (...) {
        used = 0;
    }
    if (used != v->size())
        throw std::runtime_error(long_name + " expects a number, got '" + *v + "'");
    return d;
}

long long Args::integer(const std::string& long_name, long long fallback) const {
    auto v = get(long_name);
    if (!v) return fallback;
    size_t used = 0;
    long long n = 0;
    try {
        n = std::stoll(*v, &used);
    } catch (...) {
        used = 0;
    }
    if (used != v->size())
        throw std::runtime_error(long_name + " expects an integer, got '" + *v + "'");
    return n;
}

static std::map<std::string, Command>& registry() {
    static std::map<std::string, Command> r;
    return r;
}

void register_command(Command command) {
    registry()[command.name] = std::move(command);
}
const std::map<std::string, Command>& commands() {
    return registry();
}

int fail(const std::string& message, int code) {
    std::fprintf(stderr, "glm-cli: %s\n", message.c_str());
    return code;
}

bool stdout_is_terminal() {
    return isatty(fileno(stdout));
}
bool stderr_is_terminal() {
    return isatty(fileno(stderr));
}

std::vector<int> parse_id_list(const std::string& text) {
    std::vector<int> ids;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t comma = text.find(',', pos);
        std::string item =
            text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        size_t b = item.find_first_not_of(" \t"), e = item.find_last_not_of(" \t");
        if (b == std::string::npos) throw std::runtime_error("empty token id in '" + text + "'");
        item = item.substr(b, e - b + 1);
        size_t used = 0;
        long long v = 0;
        try {
            v = std::stoll(item, &used);
        } catch (...) {
            used = 0;
        }
        if (used != item.size() || v < 0 || v > 0x7fffffff)
            throw std::runtime_error("'" + item + "' is not a token id");
        ids.push_back(int(v));
        if (comma == std::string::npos) break;
        pos = comma + 1;
    }
    return ids;
}

std::vector<uint32_t> parse_count_list(const std::string& option, const std::string& text) {
    std::vector<uint32_t> counts;
    size_t pos = 0;
    while (pos <= text.size()) {
        const size_t comma = text.find(',', pos);
        const std::string item =
            text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        if (!item.empty()) {
            size_t used = 0;
            long long v = -1;
            try {
                v = std::stoll(item, &used);
            } catch (...) {
                used = 0;
            }
            if (used != item.size() || v < 0 || v > 0x7fffffff)
                throw std::runtime_error(option +
                                         " expects numbers separated by commas (like "
                                         "128,512), not '" +
                                         item + "'");
            counts.push_back(uint32_t(v));
        }
        if (comma == std::string::npos) break;
        pos = comma + 1;
    }
    return counts;
}

} // namespace glm::cli
