// Builders of checkpoint files for the converter tests: stored zip archives, state-dict pickles
// (the opcodes torch.save writes, and any others on purpose), torch.save-style checkpoints and
// safetensors files. They make the broken and hostile inputs that PyTorch itself would never
// write; the well-formed fixtures come from PyTorch (tests/data/checkpoints/make_fixtures.py).
#pragma once

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>
#include <zlib.h>

namespace glm::test {

using Bytes = std::vector<uint8_t>;

inline void put16(Bytes& b, uint16_t v) {
    b.insert(b.end(), {uint8_t(v), uint8_t(v >> 8)});
}
inline void put32(Bytes& b, uint32_t v) {
    for (int i = 0; i < 4; ++i) b.push_back(uint8_t(v >> (8 * i)));
}
inline void put64(Bytes& b, uint64_t v) {
    for (int i = 0; i < 8; ++i) b.push_back(uint8_t(v >> (8 * i)));
}
inline void append(Bytes& b, const std::string& s) {
    b.insert(b.end(), s.begin(), s.end());
}
inline void append(Bytes& b, const Bytes& s) {
    b.insert(b.end(), s.begin(), s.end());
}

struct ZipItem {
    std::string name;
    Bytes data;
    uint16_t method = 0;        // 0 stored, 8 claims deflate (data left as is)
    uint64_t declared_size = 0; // 0: data.size(); else the size the directory claims (zip bombs)
};

// A zip archive like torch.save writes: local headers, data, central directory, end record.
// Sizes of 2^32 and more are written with Zip64 extra fields.
inline Bytes make_zip(const std::vector<ZipItem>& items) {
    Bytes out, central;
    for (const auto& it : items) {
        const uint64_t size = it.declared_size ? it.declared_size : it.data.size();
        const bool z64 = size >= 0xffffffffu;
        const uint32_t crc = uint32_t(crc32(0, it.data.data(), uInt(it.data.size())));
        const uint64_t local = out.size();
        put32(out, 0x04034b50);
        put16(out, 20), put16(out, 0), put16(out, it.method), put16(out, 0), put16(out, 0);
        put32(out, crc), put32(out, z64 ? 0xffffffffu : uint32_t(size)),
            put32(out, z64 ? 0xffffffffu : uint32_t(size));
        put16(out, uint16_t(it.name.size())), put16(out, 0);
        append(out, it.name);
        append(out, it.data);
        put32(central, 0x02014b50);
        put16(central, 20), put16(central, 20), put16(central, 0), put16(central, it.method),
            put16(central, 0), put16(central, 0);
        put32(central, crc), put32(central, z64 ? 0xffffffffu : uint32_t(size)),
            put32(central, z64 ? 0xffffffffu : uint32_t(size));
        put16(central, uint16_t(it.name.size())), put16(central, z64 ? 20 : 0), put16(central, 0);
        put16(central, 0), put16(central, 0), put32(central, 0), put32(central, uint32_t(local));
        append(central, it.name);
        if (z64) {
            put16(central, 0x0001), put16(central, 16);
            put64(central, size), put64(central, size);
        }
    }
    const uint64_t cd_offset = out.size();
    append(out, central);
    put32(out, 0x06054b50);
    put16(out, 0), put16(out, 0), put16(out, uint16_t(items.size())),
        put16(out, uint16_t(items.size()));
    put32(out, uint32_t(central.size())), put32(out, uint32_t(cd_offset)), put16(out, 0);
    return out;
}

// Pickle opcodes, assembled by hand.
class PickleBuilder {
public:
    PickleBuilder& op(uint8_t o) {
        b_.push_back(o);
        return *this;
    }
    PickleBuilder& proto(uint8_t v = 2) { return op(0x80).op(v); }
    PickleBuilder& global(const std::string& module, const std::string& name) {
        op('c');
        append(b_, module + "\n" + name + "\n");
        return *this;
    }
    PickleBuilder& str(const std::string& s) {
        op('X');
        put32(b_, uint32_t(s.size()));
        append(b_, s);
        return *this;
    }
    PickleBuilder& integer(uint32_t v) {
        if (v < 256) return op('K').op(uint8_t(v));
        op('J');
        put32(b_, v);
        return *this;
    }
    PickleBuilder& ints(const std::vector<uint64_t>& v) { // a tuple of small ints
        op('(');
        for (auto x : v) integer(uint32_t(x));
        return op('t');
    }
    PickleBuilder& mark() { return op('('); }
    PickleBuilder& tuple() { return op('t'); }
    PickleBuilder& reduce() { return op('R'); }
    PickleBuilder& empty_ordered_dict() {
        return global("collections", "OrderedDict").op(')').reduce();
    }
    // _rebuild_tensor_v2(storage, offset, shape, stride, False, OrderedDict())
    PickleBuilder& tensor(const std::string& storage_type, const std::string& key, uint64_t numel,
                          uint64_t offset, const std::vector<uint64_t>& shape,
                          const std::vector<uint64_t>& stride) {
        global("torch._utils", "_rebuild_tensor_v2").mark();
        mark()
            .str("storage")
            .global("torch", storage_type)
            .str(key)
            .str("cpu")
            .integer(uint32_t(numel))
            .tuple()
            .op('Q');
        integer(uint32_t(offset)).ints(shape).ints(stride).op(0x89);
        empty_ordered_dict();
        return tuple().reduce();
    }
    PickleBuilder& raw(const Bytes& bytes) {
        append(b_, bytes);
        return *this;
    }
    Bytes bytes() const { return b_; }

private:
    Bytes b_;
};

struct PickleTensor {
    std::string name;
    std::string storage_type = "FloatStorage";
    std::string key;
    uint64_t numel = 0;
    uint64_t offset = 0;
    std::vector<uint64_t> shape;
    std::vector<uint64_t> stride; // empty: contiguous
};

inline std::vector<uint64_t> contiguous_stride(const std::vector<uint64_t>& shape) {
    std::vector<uint64_t> s(shape.size(), 1);
    for (size_t i = shape.size(); i-- > 1;) s[i - 1] = s[i] * shape[i];
    return s;
}

// The pickle torch.save writes for an OrderedDict state dict of these tensors.
inline Bytes state_dict_pickle(const std::vector<PickleTensor>& tensors) {
    PickleBuilder p;
    p.proto().empty_ordered_dict().mark();
    for (const auto& t : tensors)
        p.str(t.name).tensor(t.storage_type, t.key, t.numel, t.offset, t.shape,
                             t.stride.empty() ? contiguous_stride(t.shape) : t.stride);
    p.op('u').op('.');
    return p.bytes();
}

// A torch.save-style archive: <prefix>/data.pkl, <prefix>/data/<key> for each storage, version.
inline Bytes torch_file(const Bytes& pickle, const std::map<std::string, Bytes>& storages,
                        const std::string& prefix = "archive") {
    std::vector<ZipItem> items{{prefix + "/data.pkl", pickle}};
    for (const auto& [key, data] : storages) items.push_back({prefix + "/data/" + key, data});
    items.push_back({prefix + "/version", Bytes{'3', '\n'}});
    return make_zip(items);
}

struct SafeTensor {
    std::string name;
    std::string dtype; // "F32", ...
    std::vector<uint64_t> shape;
    Bytes data;
};

// A safetensors file; `edit` may change the header JSON before it is written.
inline Bytes safetensors_file(const std::vector<SafeTensor>& tensors,
                              const std::function<void(nlohmann::json&)>& edit = {}) {
    nlohmann::json h = nlohmann::json::object();
    Bytes data;
    for (const auto& t : tensors) {
        h[t.name] = {{"dtype", t.dtype},
                     {"shape", t.shape},
                     {"data_offsets", {data.size(), data.size() + t.data.size()}}};
        append(data, t.data);
    }
    if (edit) edit(h);
    std::string text = h.dump();
    while (text.size() % 8) text += ' ';
    Bytes out;
    put64(out, text.size());
    append(out, text);
    append(out, data);
    return out;
}

inline Bytes float_bytes(const std::vector<float>& v) {
    Bytes b(v.size() * 4);
    std::memcpy(b.data(), v.data(), b.size());
    return b;
}

inline void write_bytes(const std::filesystem::path& p, const Bytes& b) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(b.data()), std::streamsize(b.size()));
}

inline Bytes read_bytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

} // namespace glm::test
