#include "formats/torch_checkpoint.h"

#include "formats/pickle_reader.h"
#include "formats/zip_archive.h"
#include "glm/error.h"

#include <cstring>
#include <zlib.h>

namespace glm {

namespace {

// Tensors must be dense row-major views: strides of size-1 dimensions do not matter.
bool is_contiguous(const PickledTensor& t) {
    uint64_t expected = 1;
    for (size_t i = t.shape.size(); i-- > 0;) {
        if (t.shape[i] != 1 && t.stride[i] != expected) return false;
        expected *= t.shape[i];
    }
    return true;
}

bool looks_like_legacy_pickle(std::span<const uint8_t> file) {
    return file.size() >= 2 && file[0] == 0x80 && file[1] <= 5;
}

} // namespace

std::vector<SourceTensor> read_torch_checkpoint(std::span<const uint8_t> file,
                                                const std::string& name) {
    auto fail = [&](const std::string& what) -> Error {
        return Error(ErrorKind::InvalidFile, name + ": " + what);
    };
    if (looks_like_legacy_pickle(file))
        throw fail(
            "this is a checkpoint in PyTorch's legacy format (before PyTorch 1.6), which is not "
            "supported. Re-save it with a recent PyTorch (torch.save).");
    const ZipArchive zip = ZipArchive::parse(file, name);
    if (zip.entries().empty()) throw fail("the zip archive is empty; not a PyTorch checkpoint.");
    // All records share one top-level folder (the archive name torch.save chose).
    const std::string& first = zip.entries().front().name;
    const auto slash = first.find('/');
    if (slash == std::string::npos)
        throw fail("not a PyTorch checkpoint (no archive folder in the zip).");
    const std::string prefix = first.substr(0, slash + 1);
    const ZipEntry* pkl = zip.find(prefix + "data.pkl");
    if (!pkl) throw fail("not a PyTorch checkpoint (the zip has no " + prefix + "data.pkl).");
    if (const ZipEntry* order = zip.find(prefix + "byteorder")) {
        auto b = zip.data(*order);
        if (std::string(reinterpret_cast<const char*>(b.data()), b.size()) != "little")
            throw fail("the checkpoint was saved on a big-endian machine, which is not supported.");
    }
    // The pickle is small: check its CRC so a damaged file fails here, clearly, rather than as a
    // confusing pickle error. (Tensor data is not checksummed: that would mean reading it twice.)
    const auto pickle = zip.data(*pkl);
    if (pickle.size() > (64u << 20))
        throw fail(pkl->name + " is implausibly large for a state dict.");
    if (uint32_t(crc32(0, pickle.data(), uInt(pickle.size()))) != pkl->crc32)
        throw fail(pkl->name + " fails its checksum: the file is damaged. Download it again.");
    const std::vector<PickledTensor> pickled =
        read_state_dict_pickle(pickle, name + " (" + pkl->name + ")");

    std::vector<SourceTensor> out;
    out.reserve(pickled.size());
    for (const PickledTensor& p : pickled) {
        const std::string record = prefix + "data/" + p.storage_key;
        const ZipEntry* e = zip.find(record);
        if (!e)
            throw fail("tensor " + p.name + " refers to storage record " + record +
                       ", which is missing.");
        const auto data = zip.data(*e);
        const uint32_t es = element_size(p.dtype);
        if (p.storage_elements > data.size() / es)
            throw fail("storage record " + record + " holds " + std::to_string(data.size()) +
                       " bytes, fewer than its " + std::to_string(p.storage_elements) + " " +
                       to_string(p.dtype) + " elements (corrupt checkpoint).");
        if (!is_contiguous(p))
            throw fail("tensor " + p.name + " is not stored contiguously (a strided view " +
                       shape_string(p.stride) +
                       "). Save the model with tensor.contiguous() first.");
        const auto elements = checked_elements(p.shape);
        if (!elements)
            throw fail("tensor " + p.name + " has an impossible shape " + shape_string(p.shape) +
                       ".");
        if (p.storage_offset > p.storage_elements ||
            *elements > p.storage_elements - p.storage_offset)
            throw fail("tensor " + p.name + " " + shape_string(p.shape) + " at element " +
                       std::to_string(p.storage_offset) + " lies outside its storage of " +
                       std::to_string(p.storage_elements) + " elements (corrupt checkpoint).");
        SourceTensor t;
        t.name = p.name;
        t.dtype = p.dtype;
        t.shape = p.shape;
        t.offset = e->data_offset + p.storage_offset * es;
        t.bytes = *elements * es;
        out.push_back(std::move(t));
    }
    return out;
}

} // namespace glm
