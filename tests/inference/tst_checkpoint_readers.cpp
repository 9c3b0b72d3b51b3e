// The checkpoint readers: PyTorch zip archives, the state-dict pickle subset and safetensors, on
// files PyTorch itself wrote (tests/data/checkpoints) and on broken and hostile files built here.
#include "checkpoint_builders.h"
#include "formats/mapped_file.h"
#include "formats/pickle_reader.h"
#include "formats/safetensors.h"
#include "formats/torch_checkpoint.h"
#include "formats/zip_archive.h"
#include "glm/error.h"
#include "quant/fp16.h"
#include "test_files.h"

#include <QtTest>
#include <map>

using namespace glm;
using namespace glm::test;

namespace {

std::filesystem::path fixture(const std::string& rel) {
    return test_data_dir() / "checkpoints" / rel;
}

std::map<std::string, SourceTensor> by_name(const std::vector<SourceTensor>& v) {
    std::map<std::string, SourceTensor> m;
    for (const auto& t : v) m[t.name] = t;
    return m;
}

// Expects `f` to throw glm::Error(InvalidFile) whose message contains every word in `words`.
template <typename F> void expect_refused(F&& f, std::initializer_list<const char*> words) {
    try {
        f();
    } catch (const Error& e) {
        QCOMPARE(int(e.kind()), int(ErrorKind::InvalidFile));
        for (const char* w : words)
            QVERIFY2(std::string(e.what()).find(w) != std::string::npos,
                     qPrintable(QString("'%1' lacks '%2'").arg(e.what(), w)));
        return;
    }
    QFAIL("a broken input was accepted");
}

std::vector<SourceTensor> read_torch(const Bytes& b) {
    return read_torch_checkpoint(b, "test.bin");
}

Bytes one_tensor_file(const PickleTensor& t, const Bytes& storage) {
    return torch_file(state_dict_pickle({t}), {{t.key, storage}});
}

} // namespace

class TestCheckpointReaders : public QObject {
    Q_OBJECT
private slots:
    // Two independent formats written by PyTorch (and by hand for safetensors) agree on every byte.
    void torchMatchesSafetensors() {
        MappedFile pt(fixture("glm1-fp32/pytorch_model.bin"));
        MappedFile st(fixture("glm1-fp32-safetensors/model.safetensors"));
        auto a = by_name(read_torch_checkpoint(pt.bytes(), "pytorch_model.bin"));
        auto b = by_name(read_safetensors(st.bytes(), "model.safetensors"));
        QCOMPARE(a.size(), size_t(30));
        QCOMPARE(a.size(), b.size());
        for (const auto& [name, t] : a) {
            QVERIFY2(b.count(name), name.c_str());
            const auto& u = b[name];
            QCOMPARE(int(t.dtype), int(SourceDType::F32));
            QCOMPARE(t.shape, u.shape);
            QCOMPARE(t.bytes, u.bytes);
            QVERIFY2(std::memcmp(pt.bytes().data() + t.offset, st.bytes().data() + u.offset,
                                 t.bytes) == 0,
                     name.c_str());
        }
        QCOMPARE(a["transformer.layers.1.attention.query_key_value.weight"].shape,
                 (std::vector<uint64_t>{96, 32}));
        QCOMPARE(a["transformer.layers.0.attention.rotary_emb.inv_freq"].shape,
                 (std::vector<uint64_t>{4}));
    }

    // bfloat16 storages: PyTorch's .bfloat16() rounds to nearest even, as our fp32_to_bf16 does.
    void bfloat16Storages() {
        MappedFile f32(fixture("glm1-fp32/pytorch_model.bin")),
            bf(fixture("glm1-bf16/pytorch_model.bin"));
        auto a = by_name(read_torch_checkpoint(f32.bytes(), "a")),
             b = by_name(read_torch_checkpoint(bf.bytes(), "b"));
        for (const auto& [name, t] : b) {
            QCOMPARE(int(t.dtype), int(SourceDType::BF16));
            const auto& s = a[name];
            for (uint64_t i = 0; i < t.elements(); ++i) {
                float x;
                uint16_t h;
                std::memcpy(&x, f32.bytes().data() + s.offset + 4 * i, 4);
                std::memcpy(&h, bf.bytes().data() + t.offset + 2 * i, 2);
                QCOMPARE(h, fp32_to_bf16(x));
            }
        }
    }

    // Tensors that share a storage (the official int4 file stores embedding and lm_head once).
    void sharedStorage() {
        MappedFile f(fixture("glm1-int4/pytorch_model.bin"));
        auto t = by_name(read_torch_checkpoint(f.bytes(), "int4"));
        QCOMPARE(t["lm_head.weight"].offset, t["transformer.word_embeddings.weight"].offset);
        QCOMPARE(int(t["transformer.layers.0.attention.query_key_value.weight"].dtype),
                 int(SourceDType::I8));
        QCOMPARE(t["transformer.layers.0.attention.query_key_value.weight"].shape,
                 (std::vector<uint64_t>{96, 16}));
        QCOMPARE(int(t["transformer.layers.0.attention.query_key_value.weight_scale"].dtype),
                 int(SourceDType::F16));
    }

    // The same records re-zipped with Zip64 extra fields and end records by Python's zipfile.
    void zip64Records() {
        MappedFile a(fixture("zip64/state.bin")), b(fixture("zip64/state-zip64.bin"));
        const auto bytes = b.bytes();
        const uint8_t z64_end[] = {'P', 'K', 6, 6};
        QVERIFY(std::search(bytes.begin(), bytes.end(), std::begin(z64_end), std::end(z64_end)) !=
                bytes.end());
        auto x = read_torch_checkpoint(a.bytes(), "state.bin"),
             y = read_torch_checkpoint(b.bytes(), "state-zip64.bin");
        QCOMPARE(x.size(), size_t(3));
        QCOMPARE(x.size(), y.size());
        for (size_t i = 0; i < x.size(); ++i) {
            QCOMPARE(x[i].name, y[i].name);
            QCOMPARE(x[i].shape, y[i].shape);
            QVERIFY(std::memcmp(a.bytes().data() + x[i].offset, b.bytes().data() + y[i].offset,
                                x[i].bytes) == 0);
        }
        QCOMPARE(int(x[2].dtype), int(SourceDType::BF16));
    }

    // Other pickles PyTorch writes: an nn.Module state_dict (its _metadata arrives through BUILD),
    // the same with pickle protocol 4 (FRAME, MEMOIZE, SHORT_BINUNICODE), a saved nn.Parameter.
    void otherTorchPickles_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("names");
        QTest::newRow("module state_dict") << "module-state.pkl" << QStringList{"weight", "bias"};
        QTest::newRow("protocol 4") << "protocol4.pkl" << QStringList{"weight", "bias"};
        QTest::newRow("parameter") << "parameter.pkl" << QStringList{"p"};
    }
    void otherTorchPickles() {
        QFETCH(QString, file);
        QFETCH(QStringList, names);
        const auto bytes = read_bytes(fixture("pickles/" + file.toStdString()));
        const auto t = read_state_dict_pickle(bytes, file.toStdString());
        QCOMPARE(int(t.size()), names.size());
        for (size_t i = 0; i < t.size(); ++i) {
            QCOMPARE(QString::fromStdString(t[i].name), names[int(i)]);
            QCOMPARE(int(t[i].dtype), int(SourceDType::F32));
        }
        if (names.size() == 2) {
            QCOMPARE(t[0].shape, (std::vector<uint64_t>{2, 4}));
            QCOMPARE(t[0].stride, (std::vector<uint64_t>{4, 1}));
            QCOMPARE(t[1].shape, (std::vector<uint64_t>{2}));
            QVERIFY(t[0].storage_key != t[1].storage_key);
        }
    }

    // The pickle that Python writes for os.system: refused by name, nothing run.
    void refusesOsSystem() {
        std::filesystem::remove("/tmp/glm-converter-pwned");
        MappedFile f(fixture("bad/os-system/pytorch_model.bin"));
        expect_refused([&] { read_torch_checkpoint(f.bytes(), "pytorch_model.bin"); },
                       {"pytorch_model.bin", "posix.system"});
        QVERIFY(!std::filesystem::exists("/tmp/glm-converter-pwned"));
    }

    void refusesGlobalsAndOpcodes_data() {
        QTest::addColumn<QByteArray>("pickle");
        QTest::addColumn<QString>("word");
        auto row = [](const char* name, const Bytes& b, const char* word) {
            QTest::newRow(name) << QByteArray(reinterpret_cast<const char*>(b.data()),
                                              int(b.size()))
                                << word;
        };
        row("builtins.eval",
            PickleBuilder()
                .proto()
                .global("builtins", "eval")
                .str("1+1")
                .op(0x85)
                .reduce()
                .op('.')
                .bytes(),
            "builtins.eval");
        row("STACK_GLOBAL os.system",
            PickleBuilder().proto(4).str("os").str("system").op(0x93).op('.').bytes(), "os.system");
        row("torch.load itself", PickleBuilder().proto().global("torch", "load").op('.').bytes(),
            "torch.load");
        row("INST opcode",
            PickleBuilder()
                .proto()
                .mark()
                .raw(Bytes{'i'})
                .raw(Bytes{'o', 's', '\n', 's', '\n'})
                .bytes(),
            "opcode 0x69");
        row("NEWOBJ opcode", PickleBuilder().proto().empty_ordered_dict().op(')').op(0x81).bytes(),
            "opcode 0x81");
        row("EXT1 opcode", PickleBuilder().proto().op(0x82).op(1).bytes(), "opcode 0x82");
        row("storage type called",
            PickleBuilder()
                .proto()
                .global("torch", "FloatStorage")
                .op(')')
                .reduce()
                .op('.')
                .bytes(),
            "torch.FloatStorage");
        row("OrderedDict with arguments",
            PickleBuilder()
                .proto()
                .global("collections", "OrderedDict")
                .op(']')
                .op(0x85)
                .reduce()
                .op('.')
                .bytes(),
            "arguments");
        const Bytes whole = state_dict_pickle({{"w", "FloatStorage", "0", 4, 0, {4}, {}}});
        row("truncated", Bytes(whole.begin(), whole.begin() + 40), "truncated");
        row("missing memo", PickleBuilder().proto().op('h').op(7).op('.').bytes(), "memo");
        row("empty stack", PickleBuilder().proto().op('t').bytes(), "mark");
        row("not a dict", PickleBuilder().proto().op(']').op('.').bytes(), "not a state dict");
        row("list cycle",
            PickleBuilder().proto().op(']').op('q').op(0).op('h').op(0).op('a').op('.').bytes(),
            "not a state dict");
        row("duplicate tensor",
            state_dict_pickle({{"w", "FloatStorage", "0", 4, 0, {4}, {}},
                               {"w", "FloatStorage", "0", 4, 0, {4}, {}}}),
            "listed twice");
        row("storage key path", state_dict_pickle({{"w", "FloatStorage", "../x", 4, 0, {4}, {}}}),
            "plain record name");
        row("two types one storage",
            state_dict_pickle({{"a", "FloatStorage", "0", 4, 0, {4}, {}},
                               {"b", "HalfStorage", "0", 4, 0, {4}, {}}}),
            "two different types");
        row("wide integer", PickleBuilder().proto().op(0x8a).op(9).raw(Bytes(9, 1)).op('.').bytes(),
            "64 bits");
    }
    void refusesGlobalsAndOpcodes() {
        QFETCH(QByteArray, pickle);
        QFETCH(QString, word);
        const std::span<const uint8_t> b(reinterpret_cast<const uint8_t*>(pickle.data()),
                                         size_t(pickle.size()));
        expect_refused([&] { read_state_dict_pickle(b, "data.pkl"); },
                       {"data.pkl", qPrintable(word)});
    }

    // Deep nesting and huge memo indices cost neither stack nor memory.
    void deepNestingIsHarmless() {
        PickleBuilder p;
        p.proto().op(']');
        for (int i = 0; i < 200000; ++i) p.op(0x85); // TUPLE1 200000 levels deep
        p.op('r');
        put32_into(p, 0xfffffff0u);
        p.op('.');
        expect_refused([&] { read_state_dict_pickle(p.bytes(), "deep.pkl"); },
                       {"not a state dict"});
    }

    void readsHandMadeStateDict() {
        // A parameter (saved nn.Parameter), a tensor viewing the middle of a shared storage.
        PickleBuilder p;
        p.proto().empty_ordered_dict().mark();
        p.str("param").global("torch._utils", "_rebuild_parameter").mark();
        p.tensor("HalfStorage", "0", 12, 0, {3, 4}, {4, 1})
            .op(0x88)
            .empty_ordered_dict()
            .tuple()
            .reduce();
        p.str("view").tensor("HalfStorage", "0", 12, 4, {2, 1, 4}, {4, 99, 1});
        p.op('u').op('.');
        Bytes storage(24);
        for (size_t i = 0; i < storage.size(); ++i) storage[i] = uint8_t(i);
        auto t = read_torch(torch_file(p.bytes(), {{"0", storage}}));
        QCOMPARE(t.size(), size_t(2));
        QCOMPARE(t[0].name, std::string("param"));
        QCOMPARE(t[1].shape, (std::vector<uint64_t>{2, 1, 4}));
        QCOMPARE(t[1].offset, t[0].offset + 8);
        QCOMPARE(t[1].bytes, uint64_t(16));
    }

    void refusesBadTensors_data() {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QString>("word");
        auto row = [](const char* name, const Bytes& b, const char* word) {
            QTest::newRow(name) << QByteArray(reinterpret_cast<const char*>(b.data()),
                                              int(b.size()))
                                << word;
        };
        row("strided view",
            one_tensor_file({"w", "FloatStorage", "0", 8, 0, {2, 2}, {1, 2}}, Bytes(32)),
            "contiguous");
        row("outside storage",
            one_tensor_file({"w", "FloatStorage", "0", 8, 6, {4}, {}}, Bytes(32)),
            "outside its storage");
        row("storage shorter than declared",
            one_tensor_file({"w", "FloatStorage", "0", 8, 0, {8}, {}}, Bytes(20)), "fewer than");
        row("missing storage record",
            torch_file(state_dict_pickle({{"w", "FloatStorage", "7", 1, 0, {1}, {}}}), {}),
            "missing");
        row("no data.pkl", make_zip({{"archive/other", Bytes(3)}}), "data.pkl");
        row("legacy format", PickleBuilder().proto().op('N').op('.').bytes(), "legacy");
        row("big endian",
            make_zip({{"archive/data.pkl", state_dict_pickle({})},
                      {"archive/byteorder", Bytes{'b', 'i', 'g'}}}),
            "big-endian");
        Bytes damaged = torch_file(state_dict_pickle({}), {});
        damaged[50] ^= 0x20; // inside data.pkl (its data starts at 30 + 16)
        row("pickle checksum", damaged, "checksum");
    }
    void refusesBadTensors() {
        QFETCH(QByteArray, file);
        QFETCH(QString, word);
        Bytes b(file.begin(), file.end());
        expect_refused([&] { read_torch(b); }, {"test.bin", qPrintable(word)});
    }

    // Every truncation of a real checkpoint is refused cleanly (never a crash, never accepted).
    void everyTruncationRefused() {
        const Bytes whole = read_bytes(fixture("zip64/state.bin"));
        for (size_t n = 0; n < whole.size(); ++n) {
            const Bytes cut(whole.begin(), whole.begin() + long(n));
            try {
                read_torch(cut);
                QFAIL(qPrintable(QString("accepted a file cut at %1 bytes").arg(n)));
            } catch (const Error& e) {
                QCOMPARE(int(e.kind()), int(ErrorKind::InvalidFile));
            }
        }
    }

    void zipStructure_data() {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QString>("word");
        auto row = [](const char* name, const Bytes& b, const char* word) {
            QTest::newRow(name) << QByteArray(reinterpret_cast<const char*>(b.data()),
                                              int(b.size()))
                                << word;
        };
        const Bytes pkl = state_dict_pickle({{"w", "FloatStorage", "0", 1, 0, {1}, {}}});
        // A zip bomb: a 4-byte entry whose directory claims a terabyte.
        row("zip bomb",
            make_zip(
                {{"archive/data.pkl", pkl}, {"archive/data/0", Bytes(4), 0, uint64_t(1) << 40}}),
            "beyond");
        row("compressed entry", make_zip({{"archive/data.pkl", pkl, 8}}), "compressed");
        row("duplicate entry", make_zip({{"archive/data.pkl", pkl}, {"archive/data.pkl", pkl}}),
            "twice");
        // Two names for overlapping bytes: the first entry's sizes are stretched over the second.
        const Bytes b_data(4);
        Bytes overlapping = make_zip({{"archive/data.pkl", pkl}, {"archive/data/0", b_data}});
        const uint8_t cd[] = {'P', 'K', 1, 2};
        const auto first = std::search(overlapping.begin(), overlapping.end(), cd, cd + 4);
        const uint32_t stretched = uint32_t(pkl.size() + 30 + 14 + b_data.size());
        std::memcpy(&*(first + 20), &stretched, 4);
        std::memcpy(&*(first + 24), &stretched, 4);
        row("overlapping entries", overlapping, "share the same bytes");
        row("not a zip", Bytes(100, 'x'), "truncated");
    }
    void zipStructure() {
        QFETCH(QByteArray, file);
        QFETCH(QString, word);
        Bytes b(file.begin(), file.end());
        expect_refused([&] { read_torch(b); }, {"test.bin", qPrintable(word)});
    }

    void safetensorsHeaders_data() {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QString>("word");
        auto row = [](const char* name, const Bytes& b, const char* word) {
            QTest::newRow(name) << QByteArray(reinterpret_cast<const char*>(b.data()),
                                              int(b.size()))
                                << word;
        };
        const std::vector<SafeTensor> two{{"a", "F32", {2}, Bytes(8)}, {"b", "F32", {2}, Bytes(8)}};
        row("overlap",
            safetensors_file(two,
                             [](auto& h) {
                                 h["b"]["data_offsets"] = {4, 12};
                             }),
            "overlap");
        row("out of range",
            safetensors_file(two,
                             [](auto& h) {
                                 h["b"]["data_offsets"] = {8, 1u << 30};
                             }),
            "outside");
        row("begin after end",
            safetensors_file(two,
                             [](auto& h) {
                                 h["b"]["data_offsets"] = {12, 8};
                             }),
            "outside");
        row("size mismatch", safetensors_file(two, [](auto& h) { h["b"]["shape"] = {3}; }),
            "needs");
        row("unknown dtype", safetensors_file(two, [](auto& h) { h["b"]["dtype"] = "F8_E4M3"; }),
            "unknown dtype");
        row("negative shape", safetensors_file(two, [](auto& h) { h["b"]["shape"] = {-2}; }),
            "shape");
        row("missing offsets", safetensors_file(two, [](auto& h) { h["b"].erase("data_offsets"); }),
            "data_offsets");
        Bytes huge(16, 0);
        huge[5] = 1; // header length 2^40
        row("header length", huge, "header");
        Bytes past = safetensors_file(two);
        past[0] += 64;
        row("header past end", past, "truncated");
        Bytes dup;
        const std::string text =
            R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})";
        put64(dup, text.size());
        append(dup, text);
        append(dup, Bytes(8));
        row("listed twice", dup, "listed twice");
        Bytes deep;
        const std::string nested = std::string(100, '[') + std::string(100, ']');
        put64(deep, nested.size());
        append(deep, nested);
        row("deep nesting", deep, "nested");
        Bytes junk;
        put64(junk, 5);
        append(junk, "{\"a\":");
        row("bad json", junk, "not valid JSON");
    }
    void safetensorsHeaders() {
        QFETCH(QByteArray, file);
        QFETCH(QString, word);
        Bytes b(file.begin(), file.end());
        expect_refused([&] { read_safetensors(b, "x.safetensors"); },
                       {"x.safetensors", qPrintable(word)});
    }

private:
    static void put32_into(PickleBuilder& p, uint32_t v) {
        Bytes b;
        put32(b, v);
        p.raw(b);
    }
};

QTEST_GUILESS_MAIN(TestCheckpointReaders)
#include "tst_checkpoint_readers.moc"
