// The weight files of a Hugging Face checkpoint folder: a single pytorch_model.bin or
// model.safetensors, or the shards listed by pytorch_model.bin.index.json /
// model.safetensors.index.json. Each file is memory-mapped and its tensor table read; no tensor
// data is touched. Every tensor must be in exactly one file, where the index says it is.
#pragma once

#include "formats/mapped_file.h"
#include "formats/source_tensor.h"

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace glm {

struct CheckpointShard {
    std::filesystem::path path;
    MappedFile file;
    std::vector<SourceTensor> tensors;
};

struct LocatedTensor {
    const SourceTensor* tensor = nullptr;
    const CheckpointShard* shard = nullptr;
};

class CheckpointFiles {
public:
    // Throws glm::Error naming the file and the problem.
    static CheckpointFiles open(const std::filesystem::path& directory);

    const std::string& format() const { return format_; } // "pytorch" or "safetensors"
    const std::vector<std::unique_ptr<CheckpointShard>>& shards() const { return shards_; }
    const std::map<std::string, LocatedTensor>& tensors() const { return tensors_; }
    const LocatedTensor* find(const std::string& name) const;

private:
    void add_shard(const std::filesystem::path& path);

    std::string format_;
    std::vector<std::unique_ptr<CheckpointShard>> shards_;
    std::map<std::string, LocatedTensor> tensors_;
};

} // namespace glm
