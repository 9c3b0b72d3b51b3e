// A bounds-checked walk over protobuf wire format, just deep enough for ModelProto.normalizer_spec
// (field 3). NormalizerSpec: 3 add_dummy_prefix, 4 remove_extra_whitespaces
// (sentencepiece_model.proto).
#include "tokenizer/spm_proto.h"

#include <string_view>

namespace glm::tok {

namespace {

class WireReader {
public:
    explicit WireReader(std::span<const uint8_t> data) : data_(data) {}
    bool done() const { return pos_ >= data_.size(); }

    bool varint(uint64_t& value) {
        value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos_ >= data_.size()) return false;
            const uint8_t b = data_[pos_++];
            value |= uint64_t(b & 0x7F) << shift;
            if (!(b & 0x80)) return true;
        }
        return false;
    }

    // Reads one field; for length-delimited fields `payload` is its bytes.
    bool field(uint32_t& number, uint32_t& wire_type, uint64_t& value,
               std::span<const uint8_t>& payload) {
        uint64_t key = 0;
        if (!varint(key)) return false;
        number = uint32_t(key >> 3);
        wire_type = uint32_t(key & 7);
        switch (wire_type) {
        case 0:
            return varint(value);
        case 1:
            return skip(8);
        case 5:
            return skip(4);
        case 2: {
            uint64_t len = 0;
            if (!varint(len) || len > data_.size() - pos_) return false;
            payload = data_.subspan(pos_, size_t(len));
            pos_ += size_t(len);
            return true;
        }
        default:
            return false; // groups (3, 4) are not used by sentencepiece
        }
    }

private:
    bool skip(size_t n) {
        if (n > data_.size() - pos_) return false;
        pos_ += n;
        return true;
    }
    std::span<const uint8_t> data_;
    size_t pos_ = 0;
};

} // namespace

std::optional<SpmNormalizerFlags> read_spm_normalizer_flags(std::span<const uint8_t> model) {
    SpmNormalizerFlags flags;
    WireReader top(model);
    while (!top.done()) {
        uint32_t number = 0, type = 0;
        uint64_t value = 0;
        std::span<const uint8_t> payload;
        if (!top.field(number, type, value, payload)) return std::nullopt;
        if (type != 2 || number != 3) continue;
        WireReader spec(payload);
        while (!spec.done()) {
            uint32_t n = 0, t = 0;
            uint64_t v = 0;
            std::span<const uint8_t> p;
            if (!spec.field(n, t, v, p)) return std::nullopt;
            if (t == 0 && n == 3) flags.add_dummy_prefix = v != 0;
            if (t == 0 && n == 4) flags.remove_extra_whitespaces = v != 0;
        }
    }
    return flags;
}

} // namespace glm::tok
