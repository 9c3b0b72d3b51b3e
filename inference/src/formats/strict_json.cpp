#include "formats/strict_json.h"

#include "glm/error.h"

#include <set>
#include <vector>

namespace glm {

nlohmann::json parse_json_strictly(std::string_view text, const std::string& source,
                                   int max_depth) {
    using nlohmann::json;
    std::vector<std::set<std::string>> keys; // one set per open object
    auto callback = [&](int depth, json::parse_event_t event, json& parsed) {
        switch (event) {
        case json::parse_event_t::object_start:
        case json::parse_event_t::array_start:
            if (depth >= max_depth)
                throw Error(ErrorKind::InvalidFile,
                            source + ": the JSON is nested too deeply for this file type.");
            if (event == json::parse_event_t::object_start) keys.emplace_back();
            break;
        case json::parse_event_t::object_end:
            if (!keys.empty()) keys.pop_back();
            break;
        case json::parse_event_t::key:
            if (!keys.empty() && parsed.is_string() &&
                !keys.back().insert(parsed.get<std::string>()).second)
                throw Error(ErrorKind::InvalidFile,
                            source + ": \"" + parsed.get<std::string>() + "\" is listed twice.");
            break;
        default:
            break;
        }
        return true;
    };
    try {
        return json::parse(text.begin(), text.end(), callback);
    } catch (const json::exception& e) {
        throw Error(ErrorKind::InvalidFile, source + " is not valid JSON: " + e.what());
    }
}

} // namespace glm
