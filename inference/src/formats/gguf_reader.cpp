#include "formats/gguf.h"

#include "glm/error.h"

#include <algorithm>
#include <cstring>

namespace glm {

const char* to_string(GgufType t) noexcept {
    static const char* names[] = {"uint8", "int8", "uint16", "int16", "uint32", "int32", "float32",
                                  "bool", "string", "array", "uint64", "int64", "float64"};
    auto i = uint32_t(t);
    return i < 13 ? names[i] : "unknown";
}

uint64_t GgufTensorInfo::elements() const {
    uint64_t n = 1;
    for (uint64_t d : dims) n *= d;
    return n;
}

namespace {

uint32_t scalar_size(GgufType t) {
    switch (t) {
    case GgufType::U8: case GgufType::I8: case GgufType::Bool: return 1;
    case GgufType::U16: case GgufType::I16: return 2;
    case GgufType::U32: case GgufType::I32: case GgufType::F32: return 4;
    case GgufType::U64: case GgufType::I64: case GgufType::F64: return 8;
    default: return 0;
    }
}

// A bounds-checked little-endian reader over the file bytes.
class Cursor {
public:
    Cursor(std::span<const uint8_t> b, const GgufFile& f) : bytes_(b), file_(f) {}
    uint64_t pos() const { return pos_; }
    uint64_t remaining() const { return bytes_.size() - pos_; }
    std::span<const uint8_t> take(uint64_t n, const char* what) {
        if (n > remaining())
            throw Error(ErrorKind::InvalidFile, file_.name() + " is truncated or corrupt: " + what + " needs " +
                                                    std::to_string(n) + " bytes at offset " + std::to_string(pos_) +
                                                    " but the file has " + std::to_string(remaining()) + " left.");
        auto s = bytes_.subspan(pos_, n);
        pos_ += n;
        return s;
    }
    template <typename T> T read(const char* what) {
        T v;
        std::memcpy(&v, take(sizeof(T), what).data(), sizeof(T));
        return v;
    }
    std::string string(const char* what) {
        uint64_t n = read<uint64_t>(what);
        auto s = take(n, what);
        return std::string(reinterpret_cast<const char*>(s.data()), s.size());
    }

private:
    std::span<const uint8_t> bytes_;
    const GgufFile& file_;
    uint64_t pos_ = 0;
};

GgufValue read_value(Cursor& c, GgufType type, const std::string& key, const GgufFile& f, bool in_array) {
    GgufValue v;
    v.type = type;
    switch (type) {
    case GgufType::U8: v.uint = c.read<uint8_t>("a value"); break;
    case GgufType::U16: v.uint = c.read<uint16_t>("a value"); break;
    case GgufType::U32: v.uint = c.read<uint32_t>("a value"); break;
    case GgufType::U64: v.uint = c.read<uint64_t>("a value"); break;
    case GgufType::I8: v.sint = c.read<int8_t>("a value"); break;
    case GgufType::I16: v.sint = c.read<int16_t>("a value"); break;
    case GgufType::I32: v.sint = c.read<int32_t>("a value"); break;
    case GgufType::I64: v.sint = c.read<int64_t>("a value"); break;
    case GgufType::F32: v.real = c.read<float>("a value"); break;
    case GgufType::F64: v.real = c.read<double>("a value"); break;
    case GgufType::Bool: {
        uint8_t b = c.read<uint8_t>("a value");
        if (b > 1) throw Error(ErrorKind::InvalidFile, f.name() + ": metadata " + key + " has an invalid boolean.");
        v.uint = b;
        break;
    }
    case GgufType::String: v.str = c.string("a string value"); break;
    case GgufType::Array: {
        if (in_array)
            throw Error(ErrorKind::InvalidFile, f.name() + ": metadata " + key + " is a nested array (not supported).");
        uint32_t et = c.read<uint32_t>("an array type");
        if (et > uint32_t(GgufType::F64))
            throw Error(ErrorKind::InvalidFile, f.name() + ": metadata " + key + " has an unknown array element type " +
                                                    std::to_string(et) + ".");
        v.elem_type = GgufType(et);
        v.count = c.read<uint64_t>("an array length");
        if (v.elem_type == GgufType::String) {
            // Each string takes at least its 8-byte length: reject impossible counts up front.
            if (v.count > c.remaining() / 8)
                throw Error(ErrorKind::InvalidFile, f.name() + ": metadata " + key + " claims " + std::to_string(v.count) +
                                                        " strings, more than the file can hold.");
            v.strings.reserve(v.count);
            for (uint64_t i = 0; i < v.count; ++i) v.strings.push_back(c.string("a string in an array"));
        } else if (v.elem_type == GgufType::Array) {
            throw Error(ErrorKind::InvalidFile, f.name() + ": metadata " + key + " is a nested array (not supported).");
        } else {
            const uint32_t es = scalar_size(v.elem_type);
            if (v.count > c.remaining() / es)
                throw Error(ErrorKind::InvalidFile, f.name() + ": metadata " + key + " claims " + std::to_string(v.count) +
                                                        " elements, more than the file can hold.");
            v.raw = c.take(v.count * es, "an array");
        }
        break;
    }
    default:
        throw Error(ErrorKind::InvalidFile, f.name() + ": metadata " + key + " has an unknown value type " +
                                                std::to_string(uint32_t(type)) + ".");
    }
    if (type == GgufType::I8 || type == GgufType::I16 || type == GgufType::I32 || type == GgufType::I64) {
        v.negative = v.sint < 0;
        v.uint = v.negative ? 0 : uint64_t(v.sint);
    } else if (type != GgufType::F32 && type != GgufType::F64) {
        v.sint = int64_t(v.uint);
    }
    return v;
}

bool known_type(uint32_t t) {
    return t == uint32_t(TensorType::F32) || t == uint32_t(TensorType::F16) || t == uint32_t(TensorType::Q4_0) ||
           t == uint32_t(TensorType::Q8_0) || t == uint32_t(TensorType::BF16);
}

} // namespace

GgufFile GgufFile::open(const std::filesystem::path& path) {
    GgufFile f;
    f.name_ = path.filename().string();
    f.mapped_.emplace(path);
    f.bytes_ = f.mapped_->bytes();
    f.parse_all();
    return f;
}

GgufFile GgufFile::parse(std::span<const uint8_t> bytes, const std::string& name) {
    GgufFile f;
    f.name_ = name;
    f.bytes_ = bytes;
    f.parse_all();
    return f;
}

void GgufFile::fail(const std::string& what) const { throw Error(ErrorKind::InvalidFile, name_ + ": " + what); }

void GgufFile::parse_all() {
    Cursor c(bytes_, *this);
    if (bytes_.size() < 4) fail("not a GGUF model file (too short).");
    const uint32_t magic = c.read<uint32_t>("the magic number");
    if (magic != kGgufMagic) fail("not a GGUF model file (wrong magic number). Convert the model with glm-cli convert.");
    version_ = c.read<uint32_t>("the version");
    if (version_ < 2 || version_ > 3)
        fail("GGUF version " + std::to_string(version_) + " is not supported (2 and 3 are).");
    const uint64_t n_tensors = c.read<uint64_t>("the tensor count");
    const uint64_t n_kv = c.read<uint64_t>("the metadata count");
    // Each entry takes at least 12 (metadata) / 24 (tensor) bytes: refuse impossible counts.
    if (n_kv > c.remaining() / 12) fail("claims " + std::to_string(n_kv) + " metadata entries, more than the file holds.");
    for (uint64_t i = 0; i < n_kv; ++i) {
        std::string key = c.string("a metadata key");
        if (key.empty()) fail("has an empty metadata key.");
        const uint32_t t = c.read<uint32_t>("a metadata type");
        if (t > uint32_t(GgufType::F64)) fail("metadata " + key + " has an unknown value type " + std::to_string(t) + ".");
        GgufValue v = read_value(c, GgufType(t), key, *this, false);
        if (!kv_.emplace(key, std::move(v)).second) fail("metadata key " + key + " appears twice.");
    }
    if (auto a = kv_.find("general.alignment"); a != kv_.end()) {
        const uint64_t al = a->second.uint;
        if (a->second.type != GgufType::U32 || al == 0 || (al & (al - 1)) || al > 65536)
            fail("general.alignment must be a power of two (uint32).");
        alignment_ = al;
    }
    if (n_tensors > c.remaining() / 24) fail("claims " + std::to_string(n_tensors) + " tensors, more than the file holds.");
    for (uint64_t i = 0; i < n_tensors; ++i) {
        GgufTensorInfo t;
        t.name = c.string("a tensor name");
        if (t.name.empty()) fail("has a tensor without a name.");
        const uint32_t nd = c.read<uint32_t>("tensor dimensions");
        if (nd == 0 || nd > 4) fail("tensor " + t.name + " has " + std::to_string(nd) + " dimensions (1 to 4 allowed).");
        uint64_t elements = 1;
        for (uint32_t d = 0; d < nd; ++d) {
            uint64_t dim = c.read<uint64_t>("a tensor dimension");
            if (dim == 0 || dim > (uint64_t(1) << 40) || elements > (uint64_t(1) << 48) / dim)
                fail("tensor " + t.name + " has an impossible shape.");
            elements *= dim;
            t.dims.push_back(dim);
        }
        const uint32_t type = c.read<uint32_t>("a tensor type");
        if (!known_type(type))
            fail("tensor " + t.name + " has type " + std::to_string(type) +
                 ", which this version cannot read (supported: F32, F16, BF16, Q4_0, Q8_0).");
        t.type = TensorType(type);
        if (t.dims[0] % block_elements(t.type))
            fail("tensor " + t.name + " has rows of " + std::to_string(t.dims[0]) + " elements, not a multiple of the " +
                 std::to_string(block_elements(t.type)) + "-element blocks of " + to_string(t.type) + ".");
        t.bytes = row_bytes(t.type, t.dims[0]) * (elements / t.dims[0]);
        t.offset = c.read<uint64_t>("a tensor offset");
        if (t.offset % alignment_) fail("tensor " + t.name + " is not aligned.");
        if (!tensor_index_.emplace(t.name, tensors_.size()).second) fail("tensor " + t.name + " appears twice.");
        tensors_.push_back(std::move(t));
    }
    const uint64_t data_start = (c.pos() + alignment_ - 1) / alignment_ * alignment_;
    const uint64_t size = bytes_.size();
    std::vector<const GgufTensorInfo*> by_offset;
    for (auto& t : tensors_) {
        if (data_start > size || t.offset > size - data_start || t.bytes > size - data_start - t.offset)
            fail("tensor " + t.name + " lies beyond the end of the file (" + std::to_string(size) +
                 " bytes): the file is truncated. Download or convert it again.");
        t.offset += data_start;
        by_offset.push_back(&t);
    }
    std::sort(by_offset.begin(), by_offset.end(), [](auto* a, auto* b) { return a->offset < b->offset; });
    for (size_t i = 1; i < by_offset.size(); ++i)
        if (by_offset[i - 1]->offset + by_offset[i - 1]->bytes > by_offset[i]->offset)
            fail("tensors " + by_offset[i - 1]->name + " and " + by_offset[i]->name + " overlap.");
}

const GgufValue* GgufFile::find(const std::string& key) const {
    auto it = kv_.find(key);
    return it == kv_.end() ? nullptr : &it->second;
}

const GgufTensorInfo* GgufFile::tensor(const std::string& n) const {
    auto it = tensor_index_.find(n);
    return it == tensor_index_.end() ? nullptr : &tensors_[it->second];
}

std::span<const uint8_t> GgufFile::tensor_data(const GgufTensorInfo& t) const { return bytes_.subspan(t.offset, t.bytes); }

namespace {
bool is_int(GgufType t) {
    return t == GgufType::U8 || t == GgufType::I8 || t == GgufType::U16 || t == GgufType::I16 || t == GgufType::U32 ||
           t == GgufType::I32 || t == GgufType::U64 || t == GgufType::I64;
}
} // namespace

std::optional<uint64_t> GgufFile::get_uint(const std::string& key) const {
    const GgufValue* v = find(key);
    if (!v) return std::nullopt;
    if (!is_int(v->type) || v->negative) fail("metadata " + key + " should be a non-negative integer.");
    return v->uint;
}

std::optional<double> GgufFile::get_float(const std::string& key) const {
    const GgufValue* v = find(key);
    if (!v) return std::nullopt;
    if (v->type == GgufType::F32 || v->type == GgufType::F64) return v->real;
    if (is_int(v->type)) return v->negative ? double(v->sint) : double(v->uint);
    fail("metadata " + key + " should be a number.");
}

std::optional<std::string> GgufFile::get_string(const std::string& key) const {
    const GgufValue* v = find(key);
    if (!v) return std::nullopt;
    if (v->type != GgufType::String) fail("metadata " + key + " should be a string.");
    return v->str;
}

std::optional<bool> GgufFile::get_bool(const std::string& key) const {
    const GgufValue* v = find(key);
    if (!v) return std::nullopt;
    if (v->type != GgufType::Bool) fail("metadata " + key + " should be a boolean.");
    return v->uint != 0;
}

std::optional<std::span<const uint8_t>> GgufFile::get_bytes(const std::string& key) const {
    const GgufValue* v = find(key);
    if (!v) return std::nullopt;
    if (v->type != GgufType::Array || (v->elem_type != GgufType::U8 && v->elem_type != GgufType::I8))
        fail("metadata " + key + " should be an array of bytes.");
    return v->raw;
}

std::optional<std::vector<uint64_t>> GgufFile::get_uint_array(const std::string& key) const {
    const GgufValue* v = find(key);
    if (!v) return std::nullopt;
    if (v->type != GgufType::Array || !is_int(v->elem_type)) fail("metadata " + key + " should be an array of integers.");
    std::vector<uint64_t> out;
    const uint32_t es = scalar_size(v->elem_type);
    const bool is_signed = v->elem_type == GgufType::I8 || v->elem_type == GgufType::I16 ||
                           v->elem_type == GgufType::I32 || v->elem_type == GgufType::I64;
    for (uint64_t i = 0; i < v->count; ++i) {
        uint64_t x = 0;
        std::memcpy(&x, v->raw.data() + i * es, es);
        if (is_signed && (x >> (es * 8 - 1)) & 1) fail("metadata " + key + " has a negative entry.");
        out.push_back(x);
    }
    return out;
}

std::optional<std::vector<std::string>> GgufFile::get_string_array(const std::string& key) const {
    const GgufValue* v = find(key);
    if (!v) return std::nullopt;
    if (v->type != GgufType::Array || v->elem_type != GgufType::String) fail("metadata " + key + " should be an array of strings.");
    return v->strings;
}

uint64_t GgufFile::require_uint(const std::string& key) const {
    if (auto v = get_uint(key)) return *v;
    fail("the model file lacks the metadata " + key + ".");
}

double GgufFile::require_float(const std::string& key) const {
    if (auto v = get_float(key)) return *v;
    fail("the model file lacks the metadata " + key + ".");
}

std::string GgufFile::require_string(const std::string& key) const {
    if (auto v = get_string(key)) return *v;
    fail("the model file lacks the metadata " + key + ".");
}

} // namespace glm
