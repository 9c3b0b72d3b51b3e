#include "formats/pickle_reader.h"

#include "formats/pickle_machine.h"

#include <set>

namespace glm {

namespace pickle {

namespace {
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
} // namespace

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
    if (key.empty() || key.size() > 64 || key.find('/') != std::string::npos ||
        key.find("..") != std::string::npos)
        fail("a storage key is not a plain record name.");
    // Tensors sharing a storage (views, tied weights) name the same key.
    if (auto it = storages_.find(key); it != storages_.end()) {
        if (it->second->dtype != type.dtype || it->second->numel != numel)
            fail("storage " + key +
                 " is used with two different types or sizes (corrupt checkpoint).");
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
    const std::vector<Value>& args =
        expect(args_value, Kind::Tuple, "the arguments of a REDUCE").items;
    switch (f.callable) {
    case Callable::OrderedDict:
        if (!args.empty())
            fail("OrderedDict is called with arguments (not a torch.save state dict).");
        return object_value(make(Kind::Dict));
    case Callable::RebuildTensorV2: {
        // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
        if (args.size() != 6 && args.size() != 7)
            fail("_rebuild_tensor_v2 has an unexpected argument count.");
        Object& storage = expect(args[0], Kind::Storage, "a tensor's storage");
        Object* t = make(Kind::Tensor);
        t->storage = &storage;
        t->dtype = storage.dtype;
        t->offset = non_negative(args[1], "a storage offset");
        t->shape = int_tuple(args[2], "a tensor shape");
        t->stride = int_tuple(args[3], "a tensor stride");
        if (t->shape.size() != t->stride.size())
            fail("a tensor's shape and stride differ in length.");
        if (args[4].kind != Kind::Bool) fail("requires_grad should be a bool.");
        expect(args[5], Kind::Dict, "backward hooks");
        if (args.size() == 7 && args[6].kind != Kind::None)
            expect(args[6], Kind::Dict, "tensor metadata");
        return object_value(t);
    }
    case Callable::RebuildParameter:
        // (tensor, requires_grad, backward_hooks): a saved nn.Parameter is just its tensor here.
        if (args.size() != 3) fail("_rebuild_parameter has an unexpected argument count.");
        expect(args[0], Kind::Tensor, "a parameter's data");
        return args[0];
    case Callable::StorageType:
        break;
    }
    fail("the pickle calls " + f.text + ", which torch.save never does for a state dict.");
}

} // namespace pickle

std::vector<PickledTensor> read_state_dict_pickle(std::span<const uint8_t> pickle,
                                                  const std::string& source) {
    using namespace pickle;
    Machine m(pickle, source);
    const Value result = m.run();
    if (result.kind != Kind::Dict)
        throw Error(ErrorKind::InvalidFile, source + ": the checkpoint holds a " +
                                                std::string(kind_name(result.kind)) +
                                                ", not a state dict (a dict of tensors).");
    std::vector<PickledTensor> out;
    std::set<std::string> seen;
    for (const auto& [k, v] : result.obj->entries) {
        if (k.kind != Kind::String)
            throw Error(ErrorKind::InvalidFile,
                        source + ": the state dict has a key that is not a string.");
        const std::string& name = k.obj->text;
        if (v.kind != Kind::Tensor)
            throw Error(ErrorKind::InvalidFile, source + ": state dict entry " + name + " is a " +
                                                    kind_name(v.kind) + ", not a tensor.");
        if (!seen.insert(name).second)
            throw Error(ErrorKind::InvalidFile, source + ": tensor " + name + " is listed twice.");
        const Object& t = *v.obj;
        out.push_back(
            {name, t.storage->key, t.dtype, t.storage->numel, t.offset, t.shape, t.stride});
    }
    return out;
}

} // namespace glm
