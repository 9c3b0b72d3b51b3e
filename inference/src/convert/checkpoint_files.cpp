#include "convert/checkpoint_files.h"

#include "convert/hf_config.h"
#include "formats/safetensors.h"
#include "formats/strict_json.h"
#include "formats/torch_checkpoint.h"
#include "glm/error.h"

#include <set>

namespace glm {

namespace fs = std::filesystem;

namespace {

constexpr uint64_t kMaxIndexBytes = 16u << 20;

// A shard name from an index must be a plain file name inside the folder.
bool is_plain_file_name(const std::string& s) {
    return !s.empty() && s != "." && s != ".." && s.find('/') == std::string::npos &&
           s.find('\\') == std::string::npos && s.find('\0') == std::string::npos;
}

bool has_file(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

bool has_shard_files(const fs::path& dir, const std::string& prefix, const std::string& suffix) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const std::string n = e.path().filename().string();
        if (n.size() > prefix.size() + suffix.size() && n.rfind(prefix, 0) == 0 &&
            n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0)
            return true;
    }
    return false;
}

const char* kind_of_file(fs::file_type t) {
    switch (t) {
    case fs::file_type::directory:
        return "a folder";
    case fs::file_type::fifo:
        return "a named pipe";
    case fs::file_type::character:
    case fs::file_type::block:
        return "a device";
    case fs::file_type::socket:
        return "a socket";
    default:
        return "not a plain file";
    }
}

} // namespace

const LocatedTensor* CheckpointFiles::find(const std::string& name) const {
    auto it = tensors_.find(name);
    return it == tensors_.end() ? nullptr : &it->second;
}

void CheckpointFiles::add_shard(const fs::path& path) {
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec); // follows links: what would be read
    if (!fs::exists(st))
        throw Error(ErrorKind::Io, "The checkpoint file " + path.filename().string() +
                                       " is missing from " + path.parent_path().string() +
                                       ". Download it again.");
    if (!fs::is_regular_file(st))
        throw Error(
            ErrorKind::InvalidFile,
            "The checkpoint file " + path.filename().string() + " in " +
                path.parent_path().string() + " is not a regular file (it is " +
                kind_of_file(st.type()) +
                (fs::is_symlink(fs::symlink_status(path, ec)) ? ", through a symbolic link" : "") +
                "). Replace it with the downloaded file.");
    auto shard = std::make_unique<CheckpointShard>();
    shard->path = path;
    shard->file = MappedFile(path);
    const std::string name = path.filename().string();
    shard->tensors = format_ == "safetensors" ? read_safetensors(shard->file.bytes(), name)
                                              : read_torch_checkpoint(shard->file.bytes(), name);
    for (const SourceTensor& t : shard->tensors) {
        auto [it, fresh] = tensors_.emplace(t.name, LocatedTensor{&t, shard.get()});
        if (!fresh)
            throw Error(ErrorKind::InvalidFile, "Tensor " + t.name + " is listed twice: in " +
                                                    it->second.shard->path.filename().string() +
                                                    " and in " + name + ".");
    }
    shards_.push_back(std::move(shard));
}

CheckpointFiles CheckpointFiles::open(const fs::path& dir) {
    CheckpointFiles c;
    struct Layout {
        const char* format;
        const char* index;
        const char* single;
        const char* shard_prefix;
        const char* suffix;
    };
    // safetensors first: no pickle to interpret, and the newer upload when both exist.
    const Layout layouts[] = {
        {"safetensors", "model.safetensors.index.json", "model.safetensors", "model-",
         ".safetensors"},
        {"pytorch", "pytorch_model.bin.index.json", "pytorch_model.bin", "pytorch_model-", ".bin"}};
    for (const Layout& l : layouts) {
        const fs::path index = dir / l.index;
        if (has_file(index)) {
            c.format_ = l.format;
            const auto j =
                parse_json_strictly(read_small_file(index, kMaxIndexBytes), index.string(), 4);
            if (!j.is_object() || !j.contains("weight_map") || !j["weight_map"].is_object())
                throw Error(ErrorKind::InvalidFile, index.string() + " has no weight_map.");
            // metadata.total_size is ignored: ChatGLM-6B's is stale
            // (docs/architectures.md#checkpoint-quirks).
            std::map<std::string, std::string> where; // tensor -> shard file
            std::set<std::string> files;
            for (const auto& [tensor, file] : j["weight_map"].items()) {
                if (!file.is_string() || !is_plain_file_name(file.get<std::string>()))
                    throw Error(ErrorKind::InvalidFile, index.string() + ": the shard of " +
                                                            tensor +
                                                            " is not a file name in the folder.");
                where[tensor] = file.get<std::string>();
                files.insert(file.get<std::string>());
            }
            if (files.empty())
                throw Error(ErrorKind::InvalidFile, index.string() + " lists no tensors.");
            for (const auto& f : files) c.add_shard(dir / f);
            for (const auto& [tensor, file] : where) {
                const LocatedTensor* t = c.find(tensor);
                if (!t)
                    throw Error(ErrorKind::InvalidFile, index.string() + " lists tensor " + tensor +
                                                            " in " + file +
                                                            ", but that file does not hold it.");
                if (t->shard->path.filename() != file)
                    throw Error(ErrorKind::InvalidFile,
                                index.string() + " lists tensor " + tensor + " in " + file +
                                    ", but it is in " + t->shard->path.filename().string() + ".");
            }
            for (const auto& [tensor, located] : c.tensors_)
                if (!where.count(tensor))
                    throw Error(ErrorKind::InvalidFile, located.shard->path.filename().string() +
                                                            " holds tensor " + tensor + ", which " +
                                                            index.filename().string() +
                                                            " does not list (mixed-up shards?).");
            return c;
        }
        std::error_code ec;
        if (fs::exists(fs::status(dir / l.single, ec))) { // add_shard says if it is no file
            c.format_ = l.format;
            c.add_shard(dir / l.single);
            return c;
        }
    }
    for (const Layout& l : layouts)
        if (has_shard_files(dir, l.shard_prefix, l.suffix))
            throw Error(ErrorKind::InvalidFile,
                        dir.string() + " has " + l.format + " shards but no " + l.index +
                            " saying which tensor is where. Download it too.");
    throw Error(ErrorKind::InvalidFile, dir.string() +
                                            " holds no weights: expected pytorch_model.bin, "
                                            "model.safetensors, or shards with their index.json.");
}

} // namespace glm
