// The pickle stack machine behind read_state_dict_pickle (pickle_reader.h): the opcodes of
// pickle_machine.cpp, and the meaning of the few torch objects a state dict holds
// (pickle_reader.cpp). Internal to the PyTorch checkpoint reader.
#pragma once

#include "formats/source_tensor.h"
#include "glm/error.h"

#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace glm::pickle {

// Limits far above any real state dict (ChatGLM-6B's data.pkl holds 368 tensors in ~40 KB) and
// far below what would hurt: they bound memory whatever the input claims.
inline constexpr uint64_t kMaxPickleBytes = 64ull << 20;
inline constexpr uint64_t kMaxValues = 4u << 20;  // values pushed over the whole run
inline constexpr uint64_t kMaxObjects = 1u << 20; // containers, strings, tensors
inline constexpr size_t kMaxDims = 8;

enum class Kind : uint8_t {
    None,
    Bool,
    Int,
    Float,
    String,
    Tuple,
    List,
    Dict,
    Global,
    Storage,
    Tensor
};

inline const char* kind_name(Kind k) {
    static const char* names[] = {"None", "bool", "int",    "float",   "str",   "tuple",
                                  "list", "dict", "global", "storage", "tensor"};
    return names[uint8_t(k)];
}

// What the allow-listed globals stand for. The reader implements each itself.
enum class Callable : uint8_t { OrderedDict, RebuildTensorV2, RebuildParameter, StorageType };

struct Object;
struct Value {
    Kind kind = Kind::None;
    int64_t i = 0; // Bool, Int
    double f = 0;  // Float
    Object* obj = nullptr;
};

// Every object lives in the machine's arena and refers to others by plain pointer, so cycles
// (a list appended to itself) and deep nesting cost nothing to destroy: no recursion anywhere.
struct Object {
    Kind kind = Kind::None;
    std::string text;                             // String; Global: "module.name"
    std::vector<Value> items;                     // Tuple, List
    std::vector<std::pair<Value, Value>> entries; // Dict (kept in insertion order)
    Callable callable = Callable::OrderedDict;    // Global
    SourceDType dtype = SourceDType::F32;         // Global (storage type), Storage, Tensor
    std::string key;                              // Storage
    uint64_t numel = 0;                           // Storage
    const Object* storage = nullptr;              // Tensor
    uint64_t offset = 0;                          // Tensor
    std::vector<uint64_t> shape, stride;          // Tensor
};

// Runs a pickle to its STOP and returns the result. GLOBAL, REDUCE, BINPERSID and BUILD are the
// only ways a pickle can reach outside data: global(), reduce() and persistent_load() interpret
// them for the objects of a state dict only (pickle_reader.cpp).
class Machine {
public:
    Machine(std::span<const uint8_t> in, const std::string& source) : in_(in), source_(source) {}

    Value run();

private:
    [[noreturn]] void fail(const std::string& what) const {
        throw Error(ErrorKind::InvalidFile, source_ + ": " + what);
    }
    std::span<const uint8_t> take(uint64_t n) {
        if (n > in_.size() - pos_) fail("the pickle is truncated (corrupt checkpoint).");
        auto s = in_.subspan(size_t(pos_), size_t(n));
        pos_ += n;
        return s;
    }
    template <typename T> T read() {
        T v;
        std::memcpy(&v, take(sizeof(T)).data(), sizeof(T));
        return v;
    }
    std::string read_line() {
        for (uint64_t end = pos_; end < in_.size() && end - pos_ <= 256; ++end)
            if (in_[end] == '\n') {
                std::string s(reinterpret_cast<const char*>(in_.data() + pos_), size_t(end - pos_));
                pos_ = end + 1;
                return s;
            }
        fail("the pickle is truncated, or a global name in it is corrupt.");
    }
    std::string read_string(uint64_t n) {
        auto s = take(n);
        return std::string(reinterpret_cast<const char*>(s.data()), s.size());
    }

    Object* make(Kind kind) {
        if (arena_.size() >= kMaxObjects)
            fail("the pickle holds implausibly many objects for a state dict.");
        arena_.push_back(std::make_unique<Object>());
        arena_.back()->kind = kind;
        return arena_.back().get();
    }
    Value object_value(Object* o) { return Value{o->kind, 0, 0, o}; }
    Value string_value(std::string s) {
        Object* o = make(Kind::String);
        o->text = std::move(s);
        return object_value(o);
    }
    static Value int_value(int64_t i) { return Value{Kind::Int, i, 0, nullptr}; }

    void push(Value v) {
        if (++pushed_ > kMaxValues) fail("the pickle is implausibly large for a state dict.");
        stack_.push_back(v);
    }
    Value pop() {
        if (stack_.size() <= floor())
            fail("the pickle pops from an empty stack (corrupt checkpoint).");
        Value v = stack_.back();
        stack_.pop_back();
        return v;
    }
    Value& top() {
        if (stack_.size() <= floor()) fail("the pickle uses an empty stack (corrupt checkpoint).");
        return stack_.back();
    }
    size_t floor() const { return marks_.empty() ? 0 : marks_.back(); }
    std::vector<Value> pop_mark() {
        if (marks_.empty()) fail("the pickle closes a mark it never opened (corrupt checkpoint).");
        const size_t m = marks_.back();
        marks_.pop_back();
        std::vector<Value> items(stack_.begin() + long(m), stack_.end());
        stack_.resize(m);
        return items;
    }
    Value tuple(std::vector<Value> items) {
        Object* o = make(Kind::Tuple);
        o->items = std::move(items);
        return object_value(o);
    }
    void memo_put(uint64_t index) {
        if (memo_.size() >= kMaxObjects && !memo_.count(index))
            fail("the pickle's memo is implausibly large.");
        memo_[index] = top();
    }
    Value memo_get(uint64_t index) {
        auto it = memo_.find(index);
        if (it == memo_.end())
            fail("the pickle refers to memo entry " + std::to_string(index) + ", never stored.");
        return it->second;
    }

    Value global(const std::string& module, const std::string& name);
    Value reduce(const Value& callable, const Value& args);
    Value persistent_load(const Value& pid);
    Object& expect(const Value& v, Kind kind, const char* what) {
        if (v.kind != kind || !v.obj)
            fail(std::string(what) + " should be a " + kind_name(kind) + ", not a " +
                 kind_name(v.kind) + " (not a state dict torch.save wrote).");
        return *v.obj;
    }
    uint64_t non_negative(const Value& v, const char* what) {
        if (v.kind != Kind::Int || v.i < 0)
            fail(std::string(what) + " must be a non-negative integer.");
        return uint64_t(v.i);
    }
    std::vector<uint64_t> int_tuple(const Value& v, const char* what) {
        Object& t = expect(v, Kind::Tuple, what);
        if (t.items.size() > kMaxDims) fail(std::string(what) + " has more than 8 dimensions.");
        std::vector<uint64_t> out;
        for (const Value& x : t.items) out.push_back(non_negative(x, what));
        return out;
    }

    std::span<const uint8_t> in_;
    const std::string& source_;
    uint64_t pos_ = 0;
    uint64_t pushed_ = 0;
    std::vector<Value> stack_;
    std::vector<size_t> marks_;
    std::unordered_map<uint64_t, Value> memo_;
    std::vector<std::unique_ptr<Object>> arena_;
    std::unordered_map<std::string, Object*> storages_;
};

} // namespace glm::pickle
