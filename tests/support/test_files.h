// Paths of test data and scratch files.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace glm::test {

// The golden data directory (tests/data/conformance; its README says where the data came from).
std::filesystem::path conformance_dir();
std::filesystem::path test_data_dir();
std::vector<uint8_t> read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const void* data, size_t bytes);

} // namespace glm::test
