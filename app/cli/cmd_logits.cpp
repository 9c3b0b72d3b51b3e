// glm-cli logits: the model's output distribution per position, for conformance checks.
// The first N ids run as one prefill, the rest one decode step at a time through the KV cache.
#include "cli.h"
#include "cli_model.h"
#include "glm/session.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace glm::cli {
namespace {

int run(const Args& args) {
    auto ids_text = args.get("--ids");
    if (!ids_text) return fail("--ids 0,1,2,... is required", 2);
    const std::vector<int> ids = parse_id_list(*ids_text);
    const long long prefill = args.integer("--prefill", (long long)ids.size());
    if (prefill < 1 || prefill > (long long)ids.size())
        return fail("--prefill must be between 1 and the number of ids", 2);
    CliModel m = open_model(args);
    SessionOptions so;
    if (args.has("--kv-fp32")) so.kv_cache = KvCacheType::F32;
    so.context_length = uint32_t(std::max<long long>(args.integer("--context", 0), 0));
    if (!so.context_length)
        so.context_length = std::min<uint32_t>(m.model->config().context_length,
                                               std::max<uint32_t>(uint32_t(ids.size()), 64));
    Session session(m.model, so);
    const uint32_t V = m.model->config().vocab;
    std::vector<int32_t> first(ids.begin(), ids.begin() + prefill);
    auto print = [&](size_t pos, const float* l) {
        nlohmann::json line = {{"pos", pos}, {"logits", std::vector<float>(l, l + V)}};
        std::printf("%s\n", line.dump().c_str());
    };
    auto all = session.prefill(first, true);
    for (size_t i = 0; i < first.size(); ++i) print(i, all.data() + i * V);
    for (size_t i = size_t(prefill); i < ids.size(); ++i) {
        auto l = session.decode(ids[i]);
        print(i, l.data());
    }
    return 0;
}

std::vector<OptionSpec> options() {
    auto o = model_options();
    o.push_back(
        {"", "--ids", true, "token ids, comma-separated (used as given: no special tokens added)"});
    o.push_back({"", "--prefill", true, "how many ids run as one prefill (default: all)"});
    o.push_back({"", "--context", true, "KV cache size in tokens"});
    o.push_back({"", "--kv-fp32", false, "fp32 KV cache (exact conformance checks)"});
    o.push_back({"", "--json", false, "JSON lines output (the only format)"});
    return o;
}

Registrar reg({"logits", "print the logits at every position of a sequence of token ids",
               "-m MODEL --ids 0,1,2 [--prefill N] [--json]", options(), run});

} // namespace
} // namespace glm::cli
