#include "formats/pickle_reader.h"

#include "glm/error.h"

#include <cstdio>
#include <cstring>
#include <memory>
#include <set>
#include <unordered_map>

namespace glm {

namespace {

// Limits far above any real state dict (ChatGLM-6B's data.pkl holds 368 tensors in ~40 KB) and
// far below what would hurt: they bound memory whatever the input claims.
constexpr uint64_t kMaxPickleBytes = 64ull << 20;
constexpr uint64_t kMaxValues = 4u << 20;  // values pushed over the whole run
constexpr uint64_t kMaxObjects = 1u << 20; // containers, strings, tensors
constexpr size_t kMaxDims = 8;

enum class Kind : uint8_t { None, Bool, Int, Float, String, Tuple, List, Dict, Global, Storage, Tensor };

const char* kind_name(Kind k) {
    static const char* names[] = {"None", "bool",   "int",     "float",   "str",   "tuple",
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

struct AllowedGlobal {
    const char* name;
    Callable callable;
    SourceDType dtype;
};
constexpr AllowedGlobal kAllowed[] = {
    {"collections.OrderedDict", Callable::OrderedDict, SourceDType::F32},
    {"torch._utils._rebuild_tensor_v2", Callable::RebuildTensorV2, SourceDType::F32},
    {"torch._utils._rebuild_parameter", Callable::RebuildParameter, SourceDType::F32},
    {"torch.HalfStorage", Callable::StorageType, SourceDType::F16},
    {"torch.BFloat16Storage", Callable::StorageType, SourceDType::BF16},
    {"torch.FloatStorage", Callable::StorageType, SourceDType::F32},
    {"torch.DoubleStorage", Callable::StorageType, SourceDType::F64},
    {"torch.CharStorage", Callable::StorageType, SourceDType::I8},
    {"torch.ByteStorage", Callable::StorageType, SourceDType::U8},
    {"torch.ShortStorage", Callable::StorageType, SourceDType::I16},
    {"torch.IntStorage", Callable::StorageType, SourceDType::I32},
    {"torch.LongStorage", Callable::StorageType, SourceDType::I64},
    {"torch.BoolStorage", Callable::StorageType, SourceDType::Bool},
};

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
        if (arena_.size() >= kMaxObjects) fail("the pickle holds implausibly many objects for a state dict.");
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
        if (stack_.size() <= floor()) fail("the pickle pops from an empty stack (corrupt checkpoint).");
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
        if (memo_.size() >= kMaxObjects && !memo_.count(index)) fail("the pickle's memo is implausibly large.");
        memo_[index] = top();
    }
    Value memo_get(uint64_t index) {
        auto it = memo_.find(index);
        if (it == memo_.end()) fail("the pickle refers to memo entry " + std::to_string(index) + ", never stored.");
        return it->second;
    }

    Value global(const std::string& module, const std::string& name);
    Value reduce(const Value& callable, const Value& args);
    Value persistent_load(const Value& pid);
    Object& expect(const Value& v, Kind kind, const char* what) {
        if (v.kind != kind || !v.obj)
            fail(std::string(what) + " should be a " + kind_name(kind) + ", not a " + kind_name(v.kind) +
                 " (not a state dict torch.save wrote).");
        return *v.obj;
    }
    uint64_t non_negative(const Value& v, const char* what) {
        if (v.kind != Kind::Int || v.i < 0) fail(std::string(what) + " must be a non-negative integer.");
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

Value Machine::global(const std::string& module, const std::string& name) {
    const std::string full = module + "." + name;
    for (const auto& a : kAllowed)
        if (full == a.name) {
            Object* o = make(Kind::Global);
            o->text = full;
            o->callable = a.callable;
            o->dtype = a.dtype;
            return object_value(o);
        }
    fail("the pickle names the Python global '" + full +
         "', which a state dict never uses. Refusing to load it: a pickle that names it could run "
         "code on your machine. Only load checkpoints from sources you trust.");
}

Value Machine::persistent_load(const Value& pid) {
    Object& t = expect(pid, Kind::Tuple, "a persistent id");
    if (t.items.size() != 5 || t.items[0].kind != Kind::String || t.items[0].obj->text != "storage")
        fail("a persistent id is not a ('storage', type, key, location, size) record.");
    Object& type = expect(t.items[1], Kind::Global, "a storage type");
    if (type.callable != Callable::StorageType) fail("'" + type.text + "' is not a storage type.");
    const std::string& key = expect(t.items[2], Kind::String, "a storage key").text;
    expect(t.items[3], Kind::String, "a storage location");
    const uint64_t numel = non_negative(t.items[4], "a storage size");
    if (key.empty() || key.size() > 64 || key.find('/') != std::string::npos || key.find("..") != std::string::npos)
        fail("a storage key is not a plain record name.");
    // Tensors sharing a storage (views, tied weights) name the same key.
    if (auto it = storages_.find(key); it != storages_.end()) {
        if (it->second->dtype != type.dtype || it->second->numel != numel)
            fail("storage " + key + " is used with two different types or sizes (corrupt checkpoint).");
        return object_value(it->second);
    }
    Object* s = make(Kind::Storage);
    s->key = key;
    s->dtype = type.dtype;
    s->numel = numel;
    storages_.emplace(key, s);
    return object_value(s);
}

Value Machine::reduce(const Value& callable, const Value& args_value) {
    Object& f = expect(callable, Kind::Global, "the callable of a REDUCE");
    const std::vector<Value>& args = expect(args_value, Kind::Tuple, "the arguments of a REDUCE").items;
    switch (f.callable) {
    case Callable::OrderedDict:
        if (!args.empty()) fail("OrderedDict is called with arguments (not a torch.save state dict).");
        return object_value(make(Kind::Dict));
    case Callable::RebuildTensorV2: {
        // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
        if (args.size() != 6 && args.size() != 7) fail("_rebuild_tensor_v2 has an unexpected argument count.");
        Object& storage = expect(args[0], Kind::Storage, "a tensor's storage");
        Object* t = make(Kind::Tensor);
        t->storage = &storage;
        t->dtype = storage.dtype;
        t->offset = non_negative(args[1], "a storage offset");
        t->shape = int_tuple(args[2], "a tensor shape");
        t->stride = int_tuple(args[3], "a tensor stride");
        if (t->shape.size() != t->stride.size()) fail("a tensor's shape and stride differ in length.");
        if (args[4].kind != Kind::Bool) fail("requires_grad should be a bool.");
        expect(args[5], Kind::Dict, "backward hooks");
        if (args.size() == 7 && args[6].kind != Kind::None) expect(args[6], Kind::Dict, "tensor metadata");
        return object_value(t);
    }
    case Callable::RebuildParameter:
        // (tensor, requires_grad, backward_hooks): a saved nn.Parameter is just its tensor here.
        if (args.size() != 3) fail("_rebuild_parameter has an unexpected argument count.");
        expect(args[0], Kind::Tensor, "a parameter's data");
        return args[0];
    case Callable::StorageType: break;
    }
    fail("the pickle calls " + f.text + ", which torch.save never does for a state dict.");
}

Value Machine::run() {
    if (in_.size() > kMaxPickleBytes) fail("the pickle is implausibly large for a state dict.");
    while (true) {
        const uint64_t at = pos_;
        const uint8_t op = read<uint8_t>();
        switch (op) {
        case 0x80: // PROTO
            if (read<uint8_t>() > 5) fail("the pickle uses a protocol newer than 5.");
            break;
        case 0x95: take(8); break; // FRAME: a length hint only
        case '.': {                // STOP
            if (!marks_.empty() || stack_.size() != 1) fail("the pickle ends with a malformed stack.");
            return stack_.back();
        }
        case '(':
            if (++pushed_ > kMaxValues) fail("the pickle is implausibly large for a state dict.");
            marks_.push_back(stack_.size());
            break;
        case '0': pop(); break; // POP
        case 'N': push(Value{}); break;
        case 0x88: push(Value{Kind::Bool, 1, 0, nullptr}); break;
        case 0x89: push(Value{Kind::Bool, 0, 0, nullptr}); break;
        case 'J': push(int_value(read<int32_t>())); break;
        case 'K': push(int_value(read<uint8_t>())); break;
        case 'M': push(int_value(read<uint16_t>())); break;
        case 0x8a: { // LONG1: little-endian two's complement of n bytes
            const uint8_t n = read<uint8_t>();
            if (n > 8) fail("the pickle holds an integer wider than 64 bits.");
            uint64_t v = 0;
            auto b = take(n);
            for (size_t k = 0; k < n; ++k) v |= uint64_t(b[k]) << (8 * k);
            if (n > 0 && n < 8 && (b[n - 1] & 0x80)) v |= ~uint64_t(0) << (8 * n);
            push(int_value(int64_t(v)));
            break;
        }
        case 'G': { // BINFLOAT, big-endian
            auto b = take(8);
            uint64_t bits = 0;
            for (int k = 0; k < 8; ++k) bits = (bits << 8) | b[size_t(k)];
            double d;
            std::memcpy(&d, &bits, 8);
            push(Value{Kind::Float, 0, d, nullptr});
            break;
        }
        case 'X': push(string_value(read_string(read<uint32_t>()))); break;
        case 0x8c: push(string_value(read_string(read<uint8_t>()))); break;
        case 0x8d: push(string_value(read_string(read<uint64_t>()))); break;
        case ')': push(tuple({})); break;
        case ']': push(object_value(make(Kind::List))); break;
        case '}': push(object_value(make(Kind::Dict))); break;
        case 't': push(tuple(pop_mark())); break;
        case 0x85: {
            Value a = pop();
            push(tuple({a}));
            break;
        }
        case 0x86: {
            Value b = pop(), a = pop();
            push(tuple({a, b}));
            break;
        }
        case 0x87: {
            Value c = pop(), b = pop(), a = pop();
            push(tuple({a, b, c}));
            break;
        }
        case 'l': { // LIST
            Object* l = make(Kind::List);
            l->items = pop_mark();
            push(object_value(l));
            break;
        }
        case 'd': { // DICT
            std::vector<Value> kv = pop_mark();
            if (kv.size() % 2) fail("a dict in the pickle has a key without a value.");
            Object* d = make(Kind::Dict);
            for (size_t k = 0; k < kv.size(); k += 2) d->entries.emplace_back(kv[k], kv[k + 1]);
            push(object_value(d));
            break;
        }
        case 'q': memo_put(read<uint8_t>()); break;
        case 'r': memo_put(read<uint32_t>()); break;
        case 0x94: memo_put(memo_.size()); break; // MEMOIZE
        case 'h': push(memo_get(read<uint8_t>())); break;
        case 'j': push(memo_get(read<uint32_t>())); break;
        case 'c': { // GLOBAL "module\nname\n"
            std::string module = read_line();
            std::string name = read_line();
            push(global(module, name));
            break;
        }
        case 0x93: { // STACK_GLOBAL
            Value name = pop(), module = pop();
            push(global(expect(module, Kind::String, "a module name").text, expect(name, Kind::String, "a global name").text));
            break;
        }
        case 'Q': { // BINPERSID
            Value pid = pop();
            push(persistent_load(pid));
            break;
        }
        case 'R': { // REDUCE
            Value args = pop(), callable = pop();
            push(reduce(callable, args));
            break;
        }
        case 'b': { // BUILD: only the OrderedDict's attributes (state_dict()._metadata), ignored
            Value state = pop();
            if (state.kind != Kind::Dict && state.kind != Kind::None) fail("BUILD with a state that is not a dict.");
            expect(top(), Kind::Dict, "the object of a BUILD");
            break;
        }
        case 's': { // SETITEM
            Value v = pop(), k = pop();
            expect(top(), Kind::Dict, "the target of SETITEM").entries.emplace_back(k, v);
            break;
        }
        case 'u': { // SETITEMS
            std::vector<Value> kv = pop_mark();
            if (kv.size() % 2) fail("SETITEMS has a key without a value.");
            Object& d = expect(top(), Kind::Dict, "the target of SETITEMS");
            for (size_t k = 0; k < kv.size(); k += 2) d.entries.emplace_back(kv[k], kv[k + 1]);
            break;
        }
        case 'a': { // APPEND
            Value v = pop();
            expect(top(), Kind::List, "the target of APPEND").items.push_back(v);
            break;
        }
        case 'e': { // APPENDS
            std::vector<Value> vs = pop_mark();
            Object& l = expect(top(), Kind::List, "the target of APPENDS");
            l.items.insert(l.items.end(), vs.begin(), vs.end());
            break;
        }
        default: {
            char printable[8] = "";
            if (op >= 0x20 && op < 0x7f) std::snprintf(printable, sizeof printable, " ('%c')", char(op));
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02x", op);
            fail(std::string("the pickle uses opcode ") + hex + printable + " at byte " + std::to_string(at) +
                 ", which torch.save does not write for a state dict. Refusing it.");
        }
        }
    }
}

} // namespace

std::vector<PickledTensor> read_state_dict_pickle(std::span<const uint8_t> pickle, const std::string& source) {
    Machine m(pickle, source);
    const Value result = m.run();
    if (result.kind != Kind::Dict)
        throw Error(ErrorKind::InvalidFile, source + ": the checkpoint holds a " + std::string(kind_name(result.kind)) +
                                                ", not a state dict (a dict of tensors).");
    std::vector<PickledTensor> out;
    std::set<std::string> seen;
    for (const auto& [k, v] : result.obj->entries) {
        if (k.kind != Kind::String)
            throw Error(ErrorKind::InvalidFile, source + ": the state dict has a key that is not a string.");
        const std::string& name = k.obj->text;
        if (v.kind != Kind::Tensor)
            throw Error(ErrorKind::InvalidFile, source + ": state dict entry " + name + " is a " +
                                                    kind_name(v.kind) + ", not a tensor.");
        if (!seen.insert(name).second)
            throw Error(ErrorKind::InvalidFile, source + ": tensor " + name + " is listed twice.");
        const Object& t = *v.obj;
        out.push_back({name, t.storage->key, t.dtype, t.storage->numel, t.offset, t.shape, t.stride});
    }
    return out;
}

} // namespace glm
